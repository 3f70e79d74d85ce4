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
