"""The compiled-validator replacement accepts and rejects exactly what Rasa's own check does."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

GOOD = [
    {"events": [{"event": "slot", "name": "fallback_suggested", "value": False}],
     "responses": [{"text": "hallo", "buttons": []}, {"custom": {"topic": "greeting"}}]},
    {"events": [], "responses": []},
]
BAD = [
    {"events": [{"event": "slot", "name": 3}], "responses": []},
    {"events": [{"event": "does_not_exist"}], "responses": []},
    {"events": "not a list", "responses": []},
]


@pytest.fixture()
def action() -> RemoteAction:
    return RemoteAction("action_reply", EndpointConfig("http://127.0.0.1:1/webhook"))


@pytest.mark.parametrize("response", GOOD)
def test_valid_responses_pass_both_checks(action: RemoteAction, response: dict) -> None:
    original = RemoteAction._validate_action_result
    assert original(action, response)
    assert speedups._validate_action_result(action, response)


@pytest.mark.parametrize("response", BAD)
def test_invalid_responses_fail_both_checks(action: RemoteAction, response: dict) -> None:
    with pytest.raises(ValidationError):
        RemoteAction._validate_action_result(action, response)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        speedups._validate_action_result(action, response)


@pytest.mark.parametrize("name", ["user", "bot", "action", "slot", "session_started", "active_loop", "followup",
                                  "user_featurization", "action_execution_rejected", "entities", "pause"])
def test_event_types_resolve_as_rasa_does(name: str) -> None:
    from rasa.shared.core.events import Event

    original = Event.__dict__["resolve_by_type"].__func__
    assert speedups.resolve_event_type(name) is original(name)
    assert speedups.resolve_event_type(name) is original(name)  # the remembered answer


def test_unknown_event_types_behave_as_rasa_does() -> None:
    from rasa.shared.core.events import ActionExecuted

    assert speedups.resolve_event_type("topic") is None
    assert speedups.resolve_event_type("nonsense", ActionExecuted) is ActionExecuted
    with pytest.raises(ValueError, match="Unknown event name 'nonsense'"):
        speedups.resolve_event_type("nonsense")


def conversation_events() -> list:
    from rasa.shared.core.events import (
        ActionExecuted,
        ActiveLoop,
        BotUttered,
        SessionStarted,
        SlotSet,
        UserUtteranceReverted,
        UserUttered,
    )

    def user(text: str, intent: str) -> UserUttered:
        return UserUttered(text, {"name": intent, "confidence": 0.9})

    return [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        user("hallo", "greet"), ActionExecuted("action_reply"), BotUttered("Hallo!"),
        SlotSet("fallback_suggested", False), ActionExecuted("action_listen"),
        user("wat is mijn huur", "my_rent"), ActionExecuted("action_personal", hide_rule_turn=True),
        SlotSet("next_step", "verify"), ActionExecuted("verification_form", hide_rule_turn=True),
        ActiveLoop("verification_form"), SlotSet("requested_slot", "verification_contract"),
        ActionExecuted("action_listen", hide_rule_turn=True), user("HC-100007", "nlu_fallback"),
        ActionExecuted("verification_form", hide_rule_turn=True), SlotSet("verification_contract", "ontvangen"),
        ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_verification_result"),
        BotUttered("Dank u."), ActionExecuted("action_listen"), user("oeps", "deny"), UserUtteranceReverted(),
        user("mag ik een kat houden", "pets"), ActionExecuted("action_answer_question"), BotUttered("Ja."),
        ActionExecuted("action_listen"),
    ]


@pytest.mark.parametrize("ignore_rule_only_turns", [False, True])
@pytest.mark.parametrize("omit_unset_slots", [False, True])
def test_states_resume_with_rasas_result(ignore_rule_only_turns: bool, omit_unset_slots: bool) -> None:
    from pathlib import Path

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker

    domain = Domain.load(str(Path(__file__).resolve().parents[2] / "bot" / "domain"))
    original = Domain.__dict__["states_for_tracker_history"]
    assert original is not speedups.states_for_tracker_history  # the test process does not install it
    rule_only = {"slots": ["next_step"], "active_loops": ["verification_form"]}
    tracker = DialogueStateTracker("t", domain.slots)
    for event in conversation_events():
        tracker.update(event)
        args = {"omit_unset_slots": omit_unset_slots, "ignore_rule_only_turns": ignore_rule_only_turns,
                "rule_only_data": rule_only}
        expected = original(domain, tracker, **args)
        resumed = speedups.states_for_tracker_history(domain, tracker, **args)
        assert resumed == expected
        resumed[-1].pop("user", None)  # callers change what they get; the next call must not see it
        assert speedups.states_for_tracker_history(domain, tracker, **args) == expected
