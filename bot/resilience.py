"""When the action server is down or slow, the tenant still gets an answer: a Dutch apology with
the phone and emergency numbers, within ACTION_TIMEOUT seconds, instead of silence. The same when
the conversation stores fail (tracker store database or Redis lock store down): the turn is not
stored, the error is logged once per message with the store that failed, and the tenant gets
the apology. Installed by `python -m bot.server` (never on import). When the action server or the
store is back, the next message is answered as usual: nothing is cached.
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


class TrackerStoreUnavailable(Exception):
    """The tracker store database failed. Rasa would carry on with an empty in-memory conversation
    (the tenant loses the thread, e.g. halfway through verification, and turns are lost when the
    database returns); we answer with the apology instead and keep the stored conversation intact."""


def raise_store_error(self: Any, error: Exception) -> None:
    # The error's own text holds the SQL parameters (conversation contents): log only its class.
    raise TrackerStoreUnavailable(error.__class__.__name__) from error


def failed_store(exc: BaseException) -> str:
    """Which conversation store an exception from handling a message points at, for the log."""
    from rasa.core.lock_store import LockError

    chain = [exc, *([exc.__cause__] if exc.__cause__ else []), *([exc.__context__] if exc.__context__ else [])]
    modules = " ".join(e.__class__.__module__ for e in chain)
    if isinstance(exc, LockError) or "redis" in modules:
        return "lock store (Redis)"
    if isinstance(exc, TrackerStoreUnavailable) or any(db in modules for db in ("sqlalchemy", "psycopg2", "sqlite3")):
        return "tracker store (database)"
    return "message handling"


async def send_apology(output_channel: Any) -> None:
    from rasa.shared.core.events import BotUttered

    for event in apology_events():
        assert isinstance(event, BotUttered)
        if event.text:
            await output_channel.send_text_message("", event.text)
        elif event.data.get("custom"):
            await output_channel.send_custom_json("", event.data["custom"])


def install() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.agent import Agent
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.on_tracker_store_error = raise_store_error  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = raise_store_error  # type: ignore[method-assign]
    handle_message = Agent.handle_message

    async def guarded_handle_message(self: Agent, message: Any) -> Any:
        try:
            return await handle_message(self, message)
        except Exception as exc:  # noqa: BLE001 - the tenant gets an answer whatever failed
            cause = exc.__cause__ or exc.__context__ or exc
            logger.error("conversation.store_unavailable store=%s error=%s: the message was answered with "
                         "the apology and not stored", failed_store(exc), cause.__class__.__name__)
            await send_apology(message.output_channel)
            return None

    Agent.handle_message = guarded_handle_message  # type: ignore[method-assign]

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
