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
