"""bot.speedups.run_graph against Rasa's DaskGraphRunner.run on the trained model: the same NLU
parses and the same predictions, and errors as Rasa raises them."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.core.agent import Agent
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import speedups

MESSAGES = ["hallo", "wie moet mijn lekkende kraan repareren?", "mag ik een kat houden?", "ik wil opzeggen",
            "heb ik een achterstand?", "asdfgh", "", "what are your opening hours?"]
DASK_RUN = DaskGraphRunner.run


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


def _parses(agent: Agent) -> List[Dict[str, Any]]:
    return [asyncio.run(agent.parse_message(text)) for text in MESSAGES]


def _predictions(agent: Agent) -> List[Any]:
    processor = agent.processor
    assert processor is not None
    out = []
    for text in MESSAGES:
        tracker = DialogueStateTracker("graph-runner", agent.domain.slots)
        for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
            tracker.update(event)
        parsed = asyncio.run(agent.parse_message(text))
        tracker.update(UserUttered(text, parsed["intent"], parsed["entities"], parse_data=parsed))
        first = processor._predict_next_with_tracker(tracker)
        tracker.update(ActionExecuted(agent.domain.action_names_or_texts[first.max_confidence_index]))
        second = processor._predict_next_with_tracker(tracker)
        out.append([(p.policy_name, p.probabilities, p.events, p.optional_events, p.is_end_to_end_prediction,
                     p.is_no_user_prediction, p.diagnostic_data, p.action_metadata) for p in (first, second)])
    return out


def test_the_same_parses_and_predictions_as_dask(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(DaskGraphRunner, "run", DASK_RUN)
        expected = (_parses(agent), _predictions(agent))
    monkeypatch.setattr(DaskGraphRunner, "run", speedups.run_graph)
    assert (_parses(agent), _predictions(agent)) == expected
    assert expected[1][1][0][0] == "RulePolicy"  # the comparison saw real predictions


class Counted:
    """A graph node that records each call."""

    def __init__(self, name: str, node: Any, calls: List[str]) -> None:
        self.name, self.node, self.calls = name, node, calls

    def __call__(self, *inputs: Any) -> Any:
        self.calls.append(self.name)
        return self.node(*inputs)


def test_every_node_runs_once_after_the_nodes_it_needs(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    processor = agent.processor
    assert processor is not None
    runner = processor.graph_runner
    calls: List[str] = []
    build = DaskGraphRunner._build_dask_graph

    def counted_graph(self: Any, schema: Any) -> Dict[str, Any]:
        return {name: (Counted(name, task[0], calls), *task[1:]) for name, task in build(self, schema).items()}

    monkeypatch.setattr(DaskGraphRunner, "_build_dask_graph", counted_graph)
    target = processor.model_metadata.nlu_target
    speedups.run_graph(runner, {"__message__": []}, [target])
    schema = runner._graph_schema.minimal_graph_schema([target])  # type: ignore[attr-defined]
    assert sorted(calls) == sorted(schema.nodes)
    for name in calls:
        assert all(calls.index(need) < calls.index(name) for need in schema.nodes[name].needs.values()
                   if need in schema.nodes)  # an input such as __message__ is no node


def test_errors_are_raised_as_rasa_raises_them(agent: Agent) -> None:
    runner = agent.processor.graph_runner  # type: ignore[union-attr]
    nlu_target = agent.processor.model_metadata.nlu_target  # type: ignore[union-attr]
    errors = []
    for run in (DASK_RUN, speedups.run_graph):
        with pytest.raises(Exception) as raised:
            run(runner, {"__message__": "not a list of messages"}, [nlu_target])
        errors.append(type(raised.value))
    assert errors[0] is errors[1]
