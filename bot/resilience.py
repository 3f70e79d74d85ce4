"""When the action server is down or slow, the tenant still gets an answer: a Dutch apology with
the phone and emergency numbers, within ACTION_TIMEOUT seconds, instead of silence. Installed by
`python -m bot.server` (never on import). When the action server is back, the next message is
answered as usual: nothing is cached.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List

logger = logging.getLogger(__name__)

# Rasa waits up to five minutes for an action by default. A tenant should hear something within
# three seconds; a normal action call takes tens of milliseconds (docs/performance.md).
ACTION_TIMEOUT = 2.5
REPLY = "action_server_down"
TOPIC = "human_handover"


def apology_events() -> List[Any]:
    """The apology from knowledge/replies.yml, filled from the corporation profile, plus the
    turn's metadata message."""
    from rasa.shared.core.events import BotUttered

    from actions.knowledge import render
    from actions.profile import load_profile
    from actions.replies import load_replies
    from actions.settings import get_settings

    folder = get_settings().knowledge_dir
    try:
        text = render(load_replies(folder / "replies.yml")[REPLY].text,
                      load_profile(folder / "corporation.yml").variables)
    except Exception:  # noqa: BLE001 - a broken file must not silence the apology too
        from bot.channels.rest import channel_messages

        text = channel_messages()["assistant_unavailable"]
    metadata = {"topic": TOPIC, "confidence": 0.0, "knowledge_id": None, "responsible_party": None}
    return [BotUttered(text), BotUttered(data={"custom": metadata})]


def install() -> None:
    from rasa.core.actions.action import RemoteAction

    original = RemoteAction.run

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        try:
            return list(await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                               timeout=ACTION_TIMEOUT))
        except asyncio.TimeoutError:
            logger.error("action.timeout name=%s after %.1f s", self.name(), ACTION_TIMEOUT)
        except Exception as exc:  # noqa: BLE001 - any failure of the call gets the same apology
            from rasa.core.actions.action import ActionExecutionRejection

            if isinstance(exc, ActionExecutionRejection):
                raise
            logger.error("action.failed name=%s error=%s", self.name(), exc.__class__.__name__)
        if self.name() == "action_session_start":  # the conversation must still start properly
            from rasa.core.actions.action import ActionSessionStart

            return list(await ActionSessionStart().run(output_channel, nlg, tracker, domain))
        return apology_events()

    RemoteAction.run = run  # type: ignore[method-assign]
