"""RulePolicy's debug text of the conversation's states, made only when the debug line is written
(RulePolicy.format_tracker_states replaced; installed by bot/speedups.py).

Before each rule lookup (three a message) RulePolicy writes every state of the conversation as text
(`format_tracker_states`: a letter's text in each state that holds it) and hands a copy of that text to
a structlog debug line, the text's only use. Rasa configures structlog with a logger that drops the lines
below the log level before anything looks at them (`make_filtering_bound_logger`: its `debug` is
structlog's no-op); the server logs at INFO, so the text is made and dropped, a cost that grows with the
conversation (0.2 ms a lookup after 35 letters). `states_text_when_logged` makes it only when RulePolicy's
debug line is written: the same text then, an empty one that nothing reads otherwise.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List


def debug_dropped() -> bool:
    """Whether RulePolicy's structlog debug lines are dropped unread (its logger's debug is the no-op)."""
    from rasa.core.policies import rule_policy
    from structlog._native import _nop

    return getattr(rule_policy.structlogger.bind().debug, "__func__", None) is _nop


def states_text_when_logged(format_states: Callable[[List[Dict[str, Any]]], str]) -> Any:
    """RulePolicy.format_tracker_states (`format_states`, Rasa's), made only when it is logged."""

    def format_tracker_states(states: List[Dict[str, Any]]) -> str:
        return "" if debug_dropped() else format_states(states)

    return staticmethod(format_tracker_states)
