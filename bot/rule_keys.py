"""RulePolicy._get_possible_keys with the same result, cheaper (installed by bot/speedups.py).

Rasa's version walks back through every state of the conversation (RulePolicy has no history
limit) and, for each, filters the remaining rule keys through `_is_rule_applicable`, which turns
the key back into its states and reverses them again for every key at every step. A rule longer
than the steps walked so far is kept as it is, so after the longest remaining rule's length every
further step keeps every key: a long conversation paid for that walk on every prediction (two to
four a message). Here each key's reversed states are made once per lookup, and the walk stops
when no remaining rule reaches further back. The checks per step are Rasa's own, in Rasa's order
(`_does_rule_match_state`), so the keys found are the same (tests/bot/test_rule_keys.py).

Session 19: most of what was left was the first step, Rasa's check of all 162 rules against the
latest state, where nearly all fail on the user's intent or the previous action. A rule state that
asks for an intent or a previous action by name (a string, not SHOULD_NOT_BE_SET) fails Rasa's
check whenever the conversation's state has another one (`value_from_rules and value_from_rules !=
SHOULD_NOT_BE_SET and value_from_conversation != value_from_rules`). So the keys are filed once per
lookup under what their step asks for, the first step looks only at the keys filed under the
conversation's intent and action (or asking for neither), and a later step skips Rasa's check for
a key whose demand the state does not meet. Every key that could pass still goes through Rasa's
own check.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Set, Tuple

# What a rule state asks for by name: (intent, previous action name); None where it asks nothing.
Need = Tuple[Optional[str], Optional[str]]


class _Rules:
    """One lookup's keys: their states newest first, each step's need, and the first step's filing."""

    def __init__(self, policy: Any, lookup: Dict[str, Any]) -> None:
        self.lookup, self.size = lookup, len(lookup)
        self.states: Dict[str, List[Dict[str, Any]]] = {
            key: list(reversed(policy._rule_key_to_state(key))) for key in lookup}
        self.needs: Dict[str, List[Need]] = {key: [_need(state) for state in states]
                                              for key, states in self.states.items()}
        self.always: List[str] = []  # first step: keys Rasa's walk must see (no state, or a conversation start)
        self.filed: Dict[Need, List[str]] = {}
        for key, states in self.states.items():
            if not states or not states[0].get(PREVIOUS_ACTION):
                self.always.append(key)
            else:
                self.filed.setdefault(self.needs[key][0], []).append(key)


PREVIOUS_ACTION, USER, INTENT, ACTION_NAME = "prev_action", "user", "intent", "action_name"


def _named(sub_state: Any, name: str) -> Optional[str]:
    from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET

    value = sub_state.get(name) if isinstance(sub_state, dict) else None
    return value if isinstance(value, str) and value and value != SHOULD_NOT_BE_SET else None


def _need(rule_state: Dict[str, Any]) -> Need:
    return _named(rule_state.get(USER), INTENT), _named(rule_state.get(PREVIOUS_ACTION), ACTION_NAME)


def _meets(need: Need, intent: Any, action: Any) -> bool:
    """False only when Rasa's _does_rule_match_state is sure to be False."""
    return (need[0] is None or need[0] == intent) and (need[1] is None or need[1] == action)


# id(lookup) -> its _Rules; a policy's lookup does not change after training, the length guards against
# a lookup built up in place. A model has two lookups; a reloaded model's replace the old ones, so the
# oldest are dropped beyond KEPT (the entries hold their lookups, which would otherwise live as long as
# the process).
_reversed: Dict[int, _Rules] = {}
KEPT = 4


def _rules(policy: Any, lookup: Dict[str, Any]) -> _Rules:
    found = _reversed.get(id(lookup))
    if found is None or found.lookup is not lookup or found.size != len(lookup):
        found = _Rules(policy, lookup)
        _reversed.pop(id(lookup), None)
        while len(_reversed) >= KEPT:
            del _reversed[next(iter(_reversed))]
        _reversed[id(lookup)] = found
    return found


def _first_step_keys(rules: _Rules, state: Dict[str, Any]) -> List[str]:
    """The keys the first step must look at: all of them at a conversation start, else the ones whose
    first rule state asks for this intent and action or for neither (the others fail Rasa's check)."""
    if not state.get(PREVIOUS_ACTION):
        return list(rules.lookup)
    intent = state.get(USER, {}).get(INTENT)
    action = state.get(PREVIOUS_ACTION, {}).get(ACTION_NAME)
    try:
        wanted = {(intent, action), (intent, None), (None, action), (None, None)}
    except TypeError:  # a value no dict can file: look at every key
        return list(rules.lookup)
    return rules.always + [key for need in wanted for key in rules.filed.get(need, ())]


def possible_keys(self: Any, lookup: Dict[str, Any], states: List[Dict[str, Any]]) -> Set[str]:
    """RulePolicy._get_possible_keys (`self` the policy): the rule keys whose states match the
    conversation's latest states."""
    rules = _rules(self, lookup)
    keys = list(lookup)
    for turn, state in enumerate(reversed(states)):
        if not any(turn < len(rules.states[key]) for key in keys):
            break  # every remaining rule is shorter: Rasa's further steps keep them all
        current_previous_action = state.get(PREVIOUS_ACTION)
        intent = state.get(USER, {}).get(INTENT)
        action = current_previous_action.get(ACTION_NAME) if current_previous_action else None
        kept = []
        for key in (_first_step_keys(rules, state) if turn == 0 else keys):
            rule_states = rules.states[key]
            if turn >= len(rule_states):
                kept.append(key)
                continue
            rule_state = rule_states[turn]
            rule_previous_action = rule_state.get(PREVIOUS_ACTION)
            if not rule_previous_action or not current_previous_action:
                both_starts = not rule_previous_action and not current_previous_action
                if both_starts:  # conversation starts, both: Rasa keeps the rule; one only: drops it
                    kept.append(key)
            elif _meets(rules.needs[key][turn], intent, action) and self._does_rule_match_state(rule_state, state):
                kept.append(key)
        keys = kept
    return set(keys)
