"""bot.speedups.json_dumps / session: the conversation sent to the action server is written by ujson,
as the same JSON json.dumps writes; what ujson cannot write exactly goes to json.dumps."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from typing import Any, List

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.shared.core.events import ActionExecuted, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot import speedups

MESSAGES = ["hallo", "wie moet mijn lekkende kraan repareren?", "mijn cv-ketel/boiler is kapot", "ik wil opzeggen",
            "privé: één vraag over de huur € 750,50", "what are your opening hours?", "asdfgh", ""]


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


def test_a_real_action_call_is_the_same_json(agent: Agent) -> None:
    tracker = DialogueStateTracker("json-dumps", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    for text in MESSAGES:
        parsed = asyncio.run(agent.parse_message(text))
        tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
        tracker.update(SlotSet("requested_slot", None))
        tracker.update(ActionExecuted("action_listen"))
    payload = RemoteAction("action_reply", EndpointConfig("http://localhost:5055/webhook"))._action_call_format(
        tracker, agent.domain)
    written = speedups.json_dumps(payload)
    assert written != json.dumps(payload)  # ujson wrote it (no spaces after separators)
    assert json.loads(written) == json.loads(json.dumps(payload))


@pytest.mark.parametrize("value", [
    {"confidence": 0.1 + 0.2, "tiny": 5e-324, "big": 1.7976931348623157e308, "third": 1 / 3, "n": 2 ** 62},
    {"text": "één \u2028 \"quote\" \\ / </script> \U0001F600", "list": (1, 2.5, None, True), "nested": [{"a": []}]},
    {2: "int key", 1.5: "float key", None: "no key", False: "bool key"},
])
def test_the_same_json_for_hard_values(value: Any) -> None:
    written = speedups.json_dumps(value)
    assert json.loads(written) == json.loads(json.dumps(value))
    assert json.loads(written, parse_float=str) == json.loads(json.dumps(value), parse_float=str)  # exact floats
    assert written.isascii()


@pytest.mark.parametrize("value", [{"x": math.nan}, {"x": math.inf}, [b"bytes"], {"x": {1, 2}}, {"x": object()}])
def test_what_ujson_cannot_write_exactly_goes_to_json_dumps(value: Any) -> None:
    try:
        expected: Any = json.dumps(value)
    except TypeError as e:
        expected = type(e)
    try:
        written: Any = speedups.json_dumps(value)
    except TypeError as e:
        written = type(e)
    assert written == expected


def test_the_action_endpoints_session_writes_with_json_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(EndpointConfig, "session", speedups.session)
    seen: List[Any] = []

    async def made() -> None:
        endpoint = EndpointConfig("http://localhost:5055/webhook", headers={"X-Test": "1"},
                                  basic_auth={"username": "u", "password": "p"})
        async with endpoint.session() as client:
            seen.extend([client._json_serialize, client.headers.get("X-Test"), client._default_auth,
                         client.timeout.total])

    asyncio.run(made())
    from rasa.utils.endpoints import DEFAULT_REQUEST_TIMEOUT

    assert seen[0] is speedups.json_dumps
    assert seen[1] == "1" and seen[2].login == "u" and seen[3] == DEFAULT_REQUEST_TIMEOUT
