"""RulePolicy._get_possible_keys with the same result, cheaper (installed by bot/speedups.py).

Rasa's version walks back through every state of the conversation (RulePolicy has no history
limit) and, for each, filters the remaining rule keys through `_is_rule_applicable`, which turns
the key back into its states and reverses them again for every key at every step. A rule longer
than the steps walked so far is kept as it is, so after the longest remaining rule's length every
further step keeps every key: a long conversation paid for that walk on every prediction (two to
four a message). Here each key's reversed states are made once per lookup, and the walk stops
when no remaining rule reaches further back. The checks per step are Rasa's own, in Rasa's order
(`_does_rule_match_state`), so the keys found are the same (tests/bot/test_rule_keys.py).
"""

from __future__ import annotations

from typing import Any, Dict, List, Set, Tuple

# id(lookup) -> (the lookup, its length, key -> the key's states, newest first); a policy's lookup
# does not change after training, the length guards against a lookup built up in place. A model has
# two lookups; a reloaded model's replace the old ones, so the oldest are dropped beyond KEPT (the
# entries hold their lookups, which would otherwise live as long as the process).
_reversed: Dict[int, Tuple[Dict[str, Any], int, Dict[str, List[Dict[str, Any]]]]] = {}
KEPT = 4


def _reversed_states(policy: Any, lookup: Dict[str, Any]) -> Dict[str, List[Dict[str, Any]]]:
    found = _reversed.get(id(lookup))
    if found is None or found[0] is not lookup or found[1] != len(lookup):
        found = (lookup, len(lookup), {key: list(reversed(policy._rule_key_to_state(key))) for key in lookup})
        _reversed.pop(id(lookup), None)
        while len(_reversed) >= KEPT:
            del _reversed[next(iter(_reversed))]
        _reversed[id(lookup)] = found
    return found[2]


def possible_keys(self: Any, lookup: Dict[str, Any], states: List[Dict[str, Any]]) -> Set[str]:
    """RulePolicy._get_possible_keys (`self` the policy): the rule keys whose states match the
    conversation's latest states."""
    from rasa.shared.core.constants import PREVIOUS_ACTION

    rules = _reversed_states(self, lookup)
    keys = list(lookup)
    for turn, state in enumerate(reversed(states)):
        if not any(turn < len(rules[key]) for key in keys):
            break  # every remaining rule is shorter: Rasa's further steps keep them all
        current_previous_action = state.get(PREVIOUS_ACTION)
        kept = []
        for key in keys:
            rule_states = rules[key]
            if turn >= len(rule_states):
                kept.append(key)
                continue
            rule_state = rule_states[turn]
            rule_previous_action = rule_state.get(PREVIOUS_ACTION)
            if not rule_previous_action or not current_previous_action:
                both_starts = not rule_previous_action and not current_previous_action
                if both_starts:  # conversation starts, both: Rasa keeps the rule; one only: drops it
                    kept.append(key)
            elif self._does_rule_match_state(rule_state, state):
                kept.append(key)
        keys = kept
    return set(keys)
