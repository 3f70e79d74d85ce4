"""A conversation of messages parsed and predicted as the Rasa server does, for the tests that check a
speed-up of Rasa's own code gives exactly Rasa's predictions."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, List, Optional, Sequence

from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker


def play(agent: Agent, sender: str, messages: Sequence[str],
         before_prediction: Optional[Callable[[DialogueStateTracker], None]] = None) -> List[Any]:
    """One conversation of all `messages` in a row (the tracker grows), up to three predictions per message;
    each prediction's policy, probabilities, events, no-user flag and action."""
    processor = agent.processor
    assert processor is not None
    tracker = DialogueStateTracker(sender, agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    out = []
    for text in messages:
        parsed = asyncio.run(agent.parse_message(text))
        tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
        for _ in range(3):
            if before_prediction is not None:
                before_prediction(tracker)
            prediction = processor._predict_next_with_tracker(tracker)
            action = agent.domain.action_names_or_texts[prediction.max_confidence_index]
            out.append((prediction.policy_name, prediction.probabilities, prediction.events,
                        prediction.is_no_user_prediction, action))
            tracker.update(ActionExecuted(action))
            if action == "action_listen":
                break
    return out
