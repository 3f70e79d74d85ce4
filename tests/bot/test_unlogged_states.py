"""bot.unlogged_states: RulePolicy's debug text of the states is made only when its debug line is written
(the server logs at INFO: no text, nothing reads it); at DEBUG it is Rasa's text; the server installs it."""

from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATES = ("[{}, {'user': {'intent': 'greet'}, 'prev_action': {'action_name': 'action_listen'}}, "
          "{'user': {'text': 'Beste Woongoed, de kraan lekt.'}, 'prev_action': {'action_name': 'action_listen'}}]")


def _formatted(level: str) -> list:
    code = (
        "import logging; from rasa.utils.log_utils import configure_structlog; "
        f"configure_structlog(logging.{level}); "
        "from bot import speedups; speedups.install(); "
        "from rasa.core.policies.policy import Policy; from rasa.core.policies.rule_policy import RulePolicy; "
        "import bot.unlogged_states as u; calls = []; "
        "rasa_format = Policy.format_tracker_states; "
        f"states = {STATES}; "
        "print(repr(RulePolicy.format_tracker_states(states))); print(repr(rasa_format(states))); "
        "print(u.debug_dropped())"
    )
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    return found.stdout.strip().splitlines()[-3:]


def test_at_info_no_text_is_made() -> None:
    got, rasa_text, dropped = _formatted("INFO")
    assert got == "''" and "user text: Beste Woongoed" in rasa_text and dropped == "True"


def test_at_debug_the_text_is_rasas() -> None:
    got, rasa_text, dropped = _formatted("DEBUG")
    assert got == rasa_text and "user intent: greet" in got and dropped == "False"


@pytest.mark.parametrize("name", ["_find_action_from_rules"])
def test_the_text_is_read_only_by_the_debug_line(name: str) -> None:
    """Rasa's only call hands the text to one structlog debug line and nothing else reads it."""
    from rasa.core.policies import rule_policy

    source = inspect.getsource(rule_policy)
    assert source.count("format_tracker_states(") == 1
    body = inspect.getsource(getattr(rule_policy.RulePolicy, name))
    assert body.count("current_states") == 3
    assert ('current_states = self.format_tracker_states(states)\n        structlogger.debug(\n'
            '            "rule_policy.actions.find", current_states=copy.deepcopy(current_states)\n        )') in body
