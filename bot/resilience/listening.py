"""Every turn ends listening, so the next message is read as the tenant's: a prediction loop that
stopped elsewhere gets its action_listen, a conversation stored without one is repaired before the
new message, and Rasa's circuit breaker counts only the actions since the tenant's latest message."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


def is_action_limit_reached(self: Any, tracker: Any, should_predict_another_action: bool) -> bool:
    """Rasa's circuit breaker, counting only the actions since the tenant's latest message: Rasa
    counts back to the latest action_listen, so a conversation stored without one refused every
    later message."""
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted, UserUttered

    predicted = 0
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            break
        if isinstance(event, ActionExecuted):
            if event.action_name in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
                break
            predicted += 1
    return bool(predicted >= self.max_number_of_predictions and should_predict_another_action)


def install() -> None:
    from rasa.core.processor import MessageProcessor
    from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
    from rasa.shared.core.events import ActionExecuted

    MessageProcessor.is_action_limit_reached = is_action_limit_reached  # type: ignore[method-assign]

    prediction_loop = MessageProcessor._run_prediction_loop

    async def prediction_loop_ending_in_listen(self: MessageProcessor, output_channel: Any, tracker: Any) -> None:
        await prediction_loop(self, output_channel, tracker)
        if tracker.latest_action_name not in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
            logger.error("conversation.prediction_stopped last_action=%s: listening", tracker.latest_action_name)
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))

    MessageProcessor._run_prediction_loop = prediction_loop_ending_in_listen  # type: ignore[method-assign]

    log_user_message = MessageProcessor._handle_message_with_tracker

    async def log_after_listen(self: MessageProcessor, message: Any, tracker: Any) -> None:
        # A conversation stored without the final action_listen (by earlier versions) would read
        # the new message as an answer to whatever ran last; it is repaired first.
        if tracker.events and tracker.latest_action_name not in (ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME):
            logger.error("conversation.repaired last_action=%s: listening before the new message",
                         tracker.latest_action_name)
            tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
        await log_user_message(self, message, tracker)

    MessageProcessor._handle_message_with_tracker = log_after_listen  # type: ignore[method-assign]
