"""A remote action that fails or hangs: a timeout, the apology once per turn, and then the
conversation waits for the tenant (a form at the same question, with this turn's unchecked
answers taken out again)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any, List

from bot.resilience.apology import apologised, apology_events, question_events, this_turn, tracker_language

logger = logging.getLogger(__name__)

# Rasa waits up to five minutes for an action by default. A tenant should hear something within
# three seconds; a normal action call takes tens of milliseconds (docs/performance.md).
ACTION_TIMEOUT = 2.5


def failure_events(name: str, tracker: Any, domain: Any) -> List[Any]:
    """What stands in for the events of a remote action that failed: one apology per turn, and
    then the conversation waits for the tenant (a form: at the same question)."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME
    from rasa.shared.core.events import FollowupAction, SlotSet

    from huurwijzer.conversation.shared_names import REQUESTED_SLOT

    language = tracker_language(tracker)
    apology = [] if apologised(tracker) else apology_events(language)
    if name.startswith("validate_"):
        form_slots = set(domain.required_slots_for_form(name[len("validate_"):]))
        unchecked = {e.key for e in this_turn(tracker) if isinstance(e, SlotSet) and e.key in form_slots}
        requested = tracker.get_slot(REQUESTED_SLOT)
        again = [SlotSet(REQUESTED_SLOT, requested)] if requested else []
        logger.error("form.answer_not_checked form=%s slots=%s: taken out again", name[len("validate_"):],
                     ",".join(sorted(unchecked)) or "-")
        return [*apology, *(SlotSet(slot, None) for slot in sorted(unchecked)), *again]
    if name.startswith("action_ask_"):
        return [*apology, *question_events(name, language)]
    # In a form, the form asks its question again (an action that ran in between would otherwise
    # leave the form interrupted, and the tenant's next answer would not reach it).
    return [*apology, FollowupAction(tracker.active_loop_name or ACTION_LISTEN_NAME)]


def install() -> None:
    from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
    from rasa.shared.core.constants import ACTION_SESSION_START_NAME

    original = RemoteAction.run

    async def run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> List[Any]:
        name = self.name()
        if name != ACTION_SESSION_START_NAME and apologised(tracker):
            logger.error("action.skipped name=%s: the action server failed earlier in this turn", name)
        else:
            try:
                return list(await asyncio.wait_for(original(self, output_channel, nlg, tracker, domain),
                                                   timeout=ACTION_TIMEOUT))
            except asyncio.TimeoutError:
                logger.error("action.timeout name=%s after %.1f s", name, ACTION_TIMEOUT)
            except ActionExecutionRejection:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure of the call gets the same apology
                logger.error("action.failed name=%s error=%s", name, exc.__class__.__name__)
        if name == ACTION_SESSION_START_NAME:  # the conversation must still start properly
            from rasa.core.actions.action import ActionSessionStart

            return list(await ActionSessionStart().run(output_channel, nlg, tracker, domain))
        return failure_events(name, tracker, domain)

    RemoteAction.run = run  # type: ignore[method-assign]
