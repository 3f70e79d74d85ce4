"""What the tenant hears when the action server cannot answer: the apology (once per turn) and,
in a form, the form's question, both rendered on the Rasa side from knowledge/."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional

from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.language import DUTCH, ENGLISH, conversation_language, message_language

logger = logging.getLogger(__name__)

REPLY = "action_server_down"
TOPIC = "human_handover"


def apology_events(language: str = DUTCH) -> List[Any]:
    """The apology from knowledge/ in `language` (Dutch where it has no English text), filled from
    the corporation profile, plus the turn's metadata message."""
    from rasa.shared.core.events import BotUttered

    metadata = {"topic": TOPIC, "confidence": 0.0, "knowledge_id": None, "responsible_party": None}
    return [BotUttered(apology_text(language)), BotUttered(data={"custom": metadata})]


def tracker_language(tracker: Any) -> str:
    """The conversation's language as the action server reads it (huurwijzer.content.language),
    from the Rasa server's tracker."""
    from rasa.shared.core.events import UserUttered

    latest = getattr(tracker.latest_message, "parse_data", None) or {}
    earlier: Iterable[Mapping[str, Any]] = ({"event": "user", "parse_data": e.parse_data}
                                            for e in tracker.events if isinstance(e, UserUttered))
    return conversation_language(latest, earlier)


def message_apology_language(text: str) -> str:
    """The language of the apology when the whole turn failed before the message was understood
    (no tracker, no parse): the message's own, read by the core's detection (huurwijzer.content.language);
    Dutch when it is not plainly English, or when reading it fails."""
    try:
        return ENGLISH if message_language(text, None) == ENGLISH else DUTCH
    except Exception:  # noqa: BLE001 - the apology must go out whatever failed
        logger.error("apology.language_unknown: Dutch")
        return DUTCH


_apology: Optional[FileBacked[Dict[str, str]]] = None


def _apology_files() -> List[Path]:
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    return [folder / "replies.yml", folder / "corporation.yml", folder / "languages.yml"]


def _texts() -> Dict[str, str]:
    """The apology by language, read again when replies.yml, corporation.yml or languages.yml
    changed (looked at most once a second: staff may edit it live). Every remote action asks
    whether this turn has already apologised; parsing the files for that was a fifth of the Rasa
    server's CPU (docs/performance.md)."""
    global _apology
    if _apology is None:
        _apology = FileBacked(_apology_files, _read_apology, interval_seconds=1.0)
    return _apology.get()


def apology_text(language: str = DUTCH) -> str:
    texts = _texts()
    return texts.get(language, texts[DUTCH])


def _read_apology() -> Dict[str, str]:
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.content.translations import load_translations
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        replies = load_replies(folder / "replies.yml")
        variables = load_profile(folder / "corporation.yml").variables
        texts = {DUTCH: render(replies[REPLY].text, variables)}
    except Exception:  # noqa: BLE001 - a broken file must not silence the apology too
        from bot.channels.rest import channel_messages

        return {DUTCH: channel_messages()["assistant_unavailable"]}
    try:
        english = load_translations(folder / "languages.yml", replies).english.get(REPLY)
    except Exception:  # noqa: BLE001 - a broken languages.yml leaves the Dutch apology
        logger.error("apology.english_unavailable: languages.yml could not be read")
        english = None
    if english is not None:
        texts[ENGLISH] = render(english.text, variables)
    return texts


def question_events(action_name: str, language: str = DUTCH) -> List[Any]:
    """What `action_ask_<slot>` says in `language` (Dutch where it has no English text), rendered
    here because the action server is not there."""
    from rasa.shared.core.events import BotUttered

    from actions.personal_actions import ASK_REPLIES
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.profile import load_profile
    from huurwijzer.content.replies import load_replies
    from huurwijzer.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        name = ASK_REPLIES[action_name[len("action_ask_"):]]
        replies = load_replies(folder / "replies.yml")
        reply = replies[name]
        if language == ENGLISH:
            from huurwijzer.content.translations import load_translations

            reply = load_translations(folder / "languages.yml", replies).english.get(name, reply)
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

    texts = set(_texts().values())
    return any(isinstance(e, BotUttered) and e.text in texts for e in this_turn(tracker))
