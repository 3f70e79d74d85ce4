"""What the tenant hears when the action server cannot answer: the apology (once per turn) and,
in a form, the form's question, both rendered on the Rasa side from knowledge/."""

from __future__ import annotations

import logging
from typing import Any, List, Optional

from huurwijzer.content.file_cache import FileBacked

logger = logging.getLogger(__name__)

REPLY = "action_server_down"
TOPIC = "human_handover"


def apology_events() -> List[Any]:
    """The apology from knowledge/replies.yml, filled from the corporation profile, plus the
    turn's metadata message."""
    from rasa.shared.core.events import BotUttered

    metadata = {"topic": TOPIC, "confidence": 0.0, "knowledge_id": None, "responsible_party": None}
    return [BotUttered(apology_text()), BotUttered(data={"custom": metadata})]


_apology: Optional[FileBacked[str]] = None


def apology_text() -> str:
    """The apology's text, read again when staff change its files (checked at most once a second:
    every remote action asks whether this turn has already apologised, so this is on every turn's
    path and must not parse YAML each time)."""
    global _apology
    if _apology is None:
        from huurwijzer.settings import get_settings

        folder = get_settings().knowledge_dir
        _apology = FileBacked(files=lambda: [folder / "replies.yml", folder / "corporation.yml"],
                              build=_read_apology, interval_seconds=1.0)
    return _apology.get()


def _read_apology() -> str:
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        return render(load_replies(folder / "replies.yml")[REPLY].text,
                      load_profile(folder / "corporation.yml").variables)
    except Exception:  # noqa: BLE001 - a broken file must not silence the apology too
        from bot.channels.rest import channel_messages

        return channel_messages()["assistant_unavailable"]


def question_events(action_name: str) -> List[Any]:
    """What `action_ask_<slot>` says, rendered here because the action server is not there."""
    from rasa.shared.core.events import BotUttered

    from actions.personal_actions import ASK_REPLIES
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        reply = load_replies(folder / "replies.yml")[ASK_REPLIES[action_name[len("action_ask_"):]]]
        text = render(reply.text, load_profile(folder / "corporation.yml").variables)
    except Exception:  # noqa: BLE001 - the apology has been said; the form still waits for the answer
        logger.error("action.question_unavailable name=%s", action_name)
        return []
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    return [BotUttered(text, data={"buttons": buttons} if buttons else {})]


def this_turn(tracker: Any) -> List[Any]:
    """The events since the tenant's latest message."""
    from rasa.shared.core.events import UserUttered

    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index + 1:]
    return events


def apologised(tracker: Any) -> bool:
    """Whether this turn already failed on the action server (and the tenant heard the apology)."""
    from rasa.shared.core.events import BotUttered

    text = apology_text()
    return any(isinstance(e, BotUttered) and e.text == text for e in this_turn(tracker))
