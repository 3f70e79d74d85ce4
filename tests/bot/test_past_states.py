"""bot.speedups.states_remembered: RulePolicy's two looks after a tenant's message build the states of
the conversation once, and every prediction stays what Rasa's own past_states gives."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, List

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import speedups

PAST_STATES = DialogueStateTracker.past_states
MESSAGES = ["hallo", "wie moet mijn lekkende kraan repareren?", "ik wil een reparatie melden", "keuken",
            "mag ik een kat houden?", "ik wil opzeggen", "stop", "heb ik een achterstand?", "asdfgh", "",
            "what are your opening hours?", "dank je wel"]


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


def _conversation(agent: Agent) -> List[Any]:
    """One conversation of all MESSAGES in a row (the tracker grows), up to three predictions per message."""
    processor = agent.processor
    assert processor is not None
    tracker = DialogueStateTracker("past-states", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    out = []
    for text in MESSAGES:
        parsed = asyncio.run(agent.parse_message(text))
        tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
        for _ in range(3):
            prediction = processor._predict_next_with_tracker(tracker)
            action = agent.domain.action_names_or_texts[prediction.max_confidence_index]
            out.append((prediction.policy_name, prediction.probabilities, prediction.events,
                        prediction.is_no_user_prediction, action))
            tracker.update(ActionExecuted(action))
            if action == "action_listen":
                break
    return out


def test_the_same_predictions_as_rasa(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(DialogueStateTracker, "past_states", PAST_STATES)
        expected = _conversation(agent)
    monkeypatch.setattr(DialogueStateTracker, "past_states", speedups.states_remembered(PAST_STATES))
    assert _conversation(agent) == expected
    assert {policy for policy, *_ in expected} >= {"RulePolicy"}  # the comparison saw real predictions


def _builds_for_one_prediction(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> int:
    processor = agent.processor
    assert processor is not None
    tracker = DialogueStateTracker("past-states-count", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    parsed = asyncio.run(agent.parse_message("wie moet mijn lekkende kraan repareren?"))
    tracker.update(UserUttered("wie moet mijn lekkende kraan repareren?", parsed["intent"], parsed["entities"],
                               parse_data=parsed))
    builds: List[bool] = []
    build = Domain.states_for_tracker_history

    def counted(self: Domain, tracker: Any, *args: Any, **kwargs: Any) -> Any:
        builds.append(True)
        return build(self, tracker, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(Domain, "states_for_tracker_history", counted)
        processor._predict_next_with_tracker(tracker)
    return len(builds)


def test_rule_policy_builds_the_states_once_after_a_message(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    # RulePolicy (text, then intent) and MemoizationPolicy (its own settings): three builds in Rasa.
    monkeypatch.setattr(DialogueStateTracker, "past_states", speedups.states_remembered(PAST_STATES))
    assert _builds_for_one_prediction(agent, monkeypatch) == 2


def test_a_changed_tracker_or_a_changed_copy_is_not_served_stale(agent: Agent) -> None:
    remembered = speedups.states_remembered(PAST_STATES)
    domain = agent.domain
    tracker = DialogueStateTracker("past-states-stale", domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hallo", {"name": "greet", "confidence": 1.0})):
        tracker.update(event)
    first = remembered(tracker, domain)
    assert first == PAST_STATES(tracker, domain)
    for state in first:  # a caller changing what it got (Rasa's featurizer deletes keys)
        for sub_state in state.values():
            sub_state.clear()
    first[-1].clear()
    assert remembered(tracker, domain) == PAST_STATES(tracker, domain)

    tracker.update(ActionExecuted("utter_greet"))
    assert remembered(tracker, domain) == PAST_STATES(tracker, domain)
    assert len(remembered(tracker, domain)) == len(first) + 1

    other = tracker.copy()  # another tracker with equal events gets its own build
    other.update(SlotSet("requested_slot", None))
    assert remembered(other, domain) == PAST_STATES(other, domain)
    assert remembered(tracker, domain, ignore_rule_only_turns=True, rule_only_data={"slots": [], "loops": []}) \
        == PAST_STATES(tracker, domain, ignore_rule_only_turns=True, rule_only_data={"slots": [], "loops": []})


def test_states_hold_only_values_a_caller_cannot_change_inside(agent: Agent) -> None:
    """The copy handed out copies two levels deep: deeper values must be immutable."""
    tracker = DialogueStateTracker("past-states-values", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hallo", {"name": "greet", "confidence": 1.0},
                              [{"entity": "object", "value": "kraan", "start": 0, "end": 5}]),
                  SlotSet(next(iter(s.name for s in agent.domain.slots if s.influence_conversation),
                               "requested_slot"), "x")):
        tracker.update(event)
    for state in PAST_STATES(tracker, agent.domain):
        for sub_state in state.values():
            assert isinstance(sub_state, dict)
            for value in sub_state.values():
                assert isinstance(value, (str, int, float, bool, tuple, type(None))), value
