"""bot.rule_debug.only_when_written: RulePolicy's debug text of the states is read by its debug line alone
(checked in Rasa's source), is not built when that line is dropped, is Rasa's text when it is written
(the line written is Rasa's), and predictions stay Rasa's either way."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest
import rasa
from rasa.core.agent import Agent
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy

from bot import rule_debug
from tests.bot.played_conversation import play

ROOT = Path(__file__).resolve().parents[2]
RASA_TEXT = Policy.format_tracker_states
STATES = [{}, {"user": {"intent": "pets"}, "prev_action": {"action_name": "action_listen"}},
          {"user": {"text": "mag ik een kat houden?"}, "prev_action": {"action_name": "action_answer_question"},
           "active_loop": {"name": "repair_form"}, "slots": {"repair_room": (1.0,)}}]


def test_only_the_debug_line_reads_the_text() -> None:
    """The replaced text may differ from Rasa's only because nothing but that debug line reads it."""
    package = Path(rasa.__file__).parent
    callers = [str(path.relative_to(package)) for path in package.rglob("*.py")
               if "format_tracker_states" in path.read_text(encoding="utf-8")]
    assert sorted(callers) == ["core/policies/policy.py", "core/policies/rule_policy.py"]
    source = inspect.getsource(RulePolicy)
    assert source.count("format_tracker_states") == 1
    assert source.count("current_states") == 3  # assigned, then only passed to the debug line
    lines = inspect.getsource(RulePolicy._find_action_from_rules).splitlines()
    used = [i for i, line in enumerate(lines) if "current_states" in line]
    assert "current_states = self.format_tracker_states(states)" in lines[used[0]]
    assert '"rule_policy.actions.find", current_states=copy.deepcopy(current_states)' in lines[used[1]]
    assert "structlogger.debug(" in lines[used[1] - 1]


def _script(level: str) -> str:
    return (f"import logging; from rasa.utils.log_utils import configure_structlog; "
            f"configure_structlog(logging.{level}); from bot import rule_debug; "
            f"from rasa.core.policies.policy import Policy; from rasa.core.policies import rule_policy; "
            f"text = rule_debug.only_when_written(Policy.format_tracker_states)({STATES!r}); "
            f"print(repr(text == Policy.format_tracker_states({STATES!r})), repr(text), rule_debug.debug_dropped()); "
            f"rule_policy.structlogger.debug('rule_policy.actions.find', current_states=text)")


def test_written_at_debug_as_rasa_writes_it() -> None:
    found = subprocess.run([sys.executable, "-c", _script("DEBUG")], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    printed = [line for line in found.stdout.splitlines() if line.startswith(("True ", "False "))]
    assert len(printed) == 1 and printed[0].startswith("True ") and printed[0].endswith(" False")
    written = [line for line in found.stdout.splitlines() if '"current_states"' in line]
    assert len(written) == 1 and "user intent: pets" in written[0]  # the debug line, with Rasa's text


def test_not_built_above_debug() -> None:
    found = subprocess.run([sys.executable, "-c", _script("INFO")], cwd=ROOT, capture_output=True, text=True,
                           timeout=300)
    assert "False '' True" in found.stdout
    assert "user intent: pets" not in found.stdout + found.stderr


def test_predictions_are_rasas(trained_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    agent = Agent.load(str(trained_model))
    messages = ["hallo", "ik wil een reparatie melden", "keuken", "mag ik een kat houden?", "stop", "asdfgh"]
    expected = play(agent, "debug-text", messages)
    texts: List[Any] = []

    def seen(states: Any) -> str:
        text = rule_debug.only_when_written(RASA_TEXT)(states)
        texts.append(text)
        return text

    monkeypatch.setattr(rule_debug, "debug_dropped", lambda: True)
    monkeypatch.setattr(RulePolicy, "format_tracker_states", staticmethod(seen))
    assert play(agent, "debug-text", messages) == expected
    assert texts and set(texts) == {""}
