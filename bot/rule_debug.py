"""RulePolicy's debug text of the conversation's states, built only when its debug line is written
(installed by bot/speedups.py).

Every time RulePolicy looks for a rule (two or three times a message) it writes the states as text for
a debug line: `Policy.format_tracker_states` over every state of the conversation, then a deep copy of
that text, both before structlog decides to drop the line. The text is read by nothing else (the only
caller in Rasa is that line; tests/bot/test_rule_debug.py checks Rasa's source). When the logger that
line goes to drops debug lines (structlog's filtering logger turns `debug` into its `_nop`, as Rasa's
`configure_structlog` does at any level above DEBUG), the text is the empty string; with `--debug` it
is Rasa's text, as before. The logger is asked at every call, the same logger object Rasa's line uses.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List


def debug_dropped() -> bool:
    """True when RulePolicy's structlog debug line would not be written at all."""
    from rasa.core.policies import rule_policy
    from structlog._native import _nop

    return getattr(rule_policy.structlogger.bind().debug, "__func__", None) is _nop


def only_when_written(format_states: Callable[[List[Dict[str, Any]]], str]) -> Callable[[List[Dict[str, Any]]], str]:
    """Policy.format_tracker_states (`format_states`) for RulePolicy: the empty string when the debug line
    is dropped, Rasa's text otherwise."""

    def format_tracker_states(states: List[Dict[str, Any]]) -> str:
        return "" if debug_dropped() else format_states(states)

    return format_tracker_states
