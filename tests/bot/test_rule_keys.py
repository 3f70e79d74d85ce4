"""bot.rule_keys.possible_keys: the rule keys RulePolicy finds for a conversation are exactly the ones
Rasa's _get_possible_keys finds, for every prefix of real conversations and for every rule of the
model played as a conversation (alone and after other rules), and every prediction stays Rasa's."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, List

import pytest
from rasa.core.agent import Agent
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy

from bot import rule_keys
from tests.bot.played_conversation import play

RASA = RulePolicy._get_possible_keys
MESSAGES = ["hallo", "wie moet mijn lekkende kraan repareren?", "ik wil een reparatie melden", "keuken",
            "de kraan lekt", "mag ik een kat houden?", "wat is mijn huur?", "stop", "ik wil opzeggen", "asdfgh",
            "what are your opening hours?", "dank je wel", "ja", "nee"]


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


def rule_policy(agent: Agent) -> RulePolicy:
    runner = agent.processor.graph_runner  # type: ignore[union-attr]
    return next(node._component for node in runner._instantiated_nodes.values()
                if isinstance(node._component, RulePolicy))


def _conversation(agent: Agent, states: List[Any]) -> List[Any]:
    """One conversation of all MESSAGES; `states` collects the state list of every prediction."""
    policy = rule_policy(agent)
    return play(agent, "rule-keys", MESSAGES,
                lambda tracker: states.append(policy._prediction_states(tracker, agent.domain)))


def test_the_same_predictions_and_keys_as_rasa(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    states: List[Any] = []
    expected = _conversation(agent, states)
    monkeypatch.setattr(RulePolicy, "_get_possible_keys", rule_keys.possible_keys)
    assert _conversation(agent, []) == expected
    assert {policy for policy, *_ in expected} >= {"RulePolicy"}  # the comparison saw rule predictions
    policy = rule_policy(agent)
    for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
        for prefix in states:
            assert rule_keys.possible_keys(policy, lookup, prefix) == RASA(policy, lookup, prefix)


def as_conversation(states: List[Any]) -> List[Any]:
    """A rule's states (read from JSON, so tuples came back as lists) as a conversation has them."""
    return [{kind: {key: tuple(value) if isinstance(value, list) else value for key, value in sub.items()}
             for kind, sub in state.items()} for state in states]


def test_every_rule_played_as_a_conversation_finds_the_same_keys(agent: Agent) -> None:
    policy = rule_policy(agent)
    for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
        rules = [as_conversation(policy._rule_key_to_state(key)) for key in lookup]
        found_any = False
        for first, second in itertools.chain(((r, []) for r in rules), zip(rules, rules[1:] + rules[:1], strict=True)):
            for states in (first, [*second, *first], [*first, *second]):
                for end in range(1, len(states) + 1):
                    expected = RASA(policy, lookup, states[:end])
                    assert rule_keys.possible_keys(policy, lookup, states[:end]) == expected
                    found_any = found_any or bool(expected)
        assert found_any


def test_reloaded_models_lookups_are_not_kept_for_ever(monkeypatch: pytest.MonkeyPatch) -> None:
    """Review, session 15: every lookup ever used stayed in the cache (and alive) for the process's life;
    each model reload added two. A fake policy: a key's states are the key itself."""
    monkeypatch.setattr(rule_keys, "_reversed", {})

    class Policy:
        @staticmethod
        def _rule_key_to_state(key: str) -> List[Any]:
            return [{"prev_action": {"action_name": key}}]

    lookups = [{f"rule-{n}": "action_listen"} for n in range(10)]  # five reloads of a two-lookup model
    for lookup in lookups:
        assert rule_keys._rules(Policy(), lookup).states == {key: Policy._rule_key_to_state(key) for key in lookup}
    kept = [found.lookup for found in rule_keys._reversed.values()]
    assert len(kept) <= 4 and all(any(lookup is k for k in kept) for lookup in lookups[-2:])  # the current model's


def _varied(state: Any, intents: List[str], actions: List[str]) -> List[Any]:
    """`state` with its intent and its previous action swapped for others, set to SHOULD_NOT_BE_SET, taken
    out, and its intent written as a text (as RulePolicy's look at the text has it)."""
    from rasa.core.policies.rule_policy import SHOULD_NOT_BE_SET

    out = []
    for intent in [*intents, SHOULD_NOT_BE_SET, None]:
        user = {k: v for k, v in state.get("user", {}).items() if k != "intent"}
        out.append({**state, "user": {**user, "intent": intent} if intent else {**user, "text": "x"}})
    for action in [*actions, SHOULD_NOT_BE_SET]:
        out.append({**state, "prev_action": {"action_name": action}})
    return out


def test_states_that_ask_for_other_intents_and_actions_find_the_same_keys(agent: Agent) -> None:
    """Session 19: the first step looks only at the keys filed under the state's intent and action. Every
    rule's states, the latest one varied (other intents and actions, unset, a text), give Rasa's keys."""
    policy = rule_policy(agent)
    intents = sorted({s["user"]["intent"] for k in policy.lookup[RULES] for s in policy._rule_key_to_state(k)
                      if "intent" in s.get("user", {})})[:12]
    actions = ["action_listen", "action_answer_question", "repair_form", "utter_goodbye"]
    checked = 0
    for lookup in (policy.lookup[RULES], policy.lookup[RULES_FOR_LOOP_UNHAPPY_PATH]):
        for key in lookup:
            states = as_conversation(policy._rule_key_to_state(key))
            for last in _varied(states[-1], intents, actions):
                varied = [*states[:-1], last]
                assert rule_keys.possible_keys(policy, lookup, varied) == RASA(policy, lookup, varied)
                checked += 1
    assert checked > 2000


def test_the_first_step_checks_few_rules(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    """The point of the filing: at a message, Rasa's check runs for a handful of the 162 rules, not all."""
    policy = rule_policy(agent)
    states: List[Any] = []
    play(agent, "few", ["mag ik een kat houden?"], lambda tracker: states.append(policy._prediction_states(
        tracker, agent.domain)))
    calls: List[int] = []
    rasa_check = RulePolicy._does_rule_match_state

    def counted(rule: Any, state: Any) -> bool:
        calls.append(1)
        return bool(rasa_check(rule, state))

    monkeypatch.setattr(RulePolicy, "_does_rule_match_state", staticmethod(counted))
    found = rule_keys.possible_keys(policy, policy.lookup[RULES], states[0])
    ours = len(calls)
    calls.clear()
    assert RASA(policy, policy.lookup[RULES], states[0]) == found
    assert len(calls) >= 100 and ours * 5 <= len(calls)
