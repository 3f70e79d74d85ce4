"""RulePolicy's costs per message in three versions, side by side in one process, their order rotated every
round so all see the same load: "old" (an old bot/rule_keys.py, Rasa's debug text of the states), "keys"
(the new rule keys, Rasa's debug text), "both" (the new rule keys, the text only when its debug line is
written: bot/rule_debug.py). A conversation of letters, per message the policies' predictions as the server
makes them and the tracker copies before the actions (bench/tracker_copy_cost.py's conversation), structlog
at INFO as the server runs. Thread CPU per message, printed; also the rule keys alone (every lookup of
those predictions, replayed).

    git show main:bot/rule_keys.py > /tmp/old_rule_keys.py
    .venv/bin/python bench/rule_policy_cost.py /tmp/old_rule_keys.py bot/rule_keys.py [--rounds 8] [--messages 30]
"""

from __future__ import annotations

import asyncio
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from module_file import ab_parser, load  # noqa: E402


def main() -> None:
    parser = ab_parser(rounds=8)
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--messages", type=int, default=30)
    args = parser.parse_args()
    from latency import LETTERS
    from rasa.core.agent import Agent
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.utils.log_utils import configure_structlog
    from tracker_copy_cost import conversation

    from bot import speedups

    configure_structlog(logging.INFO)  # as the server runs: Rasa's debug lines are not written
    rasa_text = RulePolicy.__dict__.get("format_tracker_states", staticmethod(RulePolicy.format_tracker_states))
    speedups.install()
    versions = {name: load(path, f"{name}_rule_keys").possible_keys for name, path in (("old", args.old),
                                                                                      ("new", args.new))}
    agent = Agent.load(args.model)
    letters = list(LETTERS)
    parsed = [asyncio.run(agent.parse_message(text)) for text in letters]
    calls: List[Tuple[Any, Any, Any]] = []  # (policy, lookup, states) of every lookup of one conversation

    def recorded(self: Any, lookup: Any, states: Any) -> Any:
        calls.append((self, lookup, states))
        return versions["new"](self, lookup, states)

    RulePolicy._get_possible_keys = recorded  # type: ignore[method-assign]
    conversation(agent, letters, parsed, args.messages)
    ours_text = RulePolicy.__dict__["format_tracker_states"]  # installed by speedups
    setups = {"old": (versions["old"], rasa_text), "keys": (versions["new"], rasa_text),
              "both": (versions["new"], ours_text)}
    results: Dict[str, List[float]] = {name: [] for name in setups}
    alone: Dict[str, List[float]] = {name: [] for name in setups}
    names = list(setups)
    for round_ in range(args.rounds):
        for name in names[round_ % 3:] + names[:round_ % 3]:
            keys, text = setups[name]
            RulePolicy._get_possible_keys = keys  # type: ignore[method-assign]
            RulePolicy.format_tracker_states = text  # type: ignore[method-assign]
            costs = conversation(agent, letters, parsed, args.messages)
            results[name].append(1000 * sum(costs) / len(costs))
            started = time.thread_time()
            for policy, lookup, states in calls:
                keys(policy, lookup, states)
            alone[name].append(1000 * (time.thread_time() - started) / args.messages)
            print(f"round {round_} {name}: {results[name][-1]:.2f} ms/message (rule keys alone "
                  f"{alone[name][-1]:.3f})", flush=True)
    for name in setups:
        lower = sum(n < o for n, o in zip(results[name], results["old"], strict=True))
        print(f"{name}: median {statistics.median(results[name]):.2f} ms/message, lower than old in {lower} of "
              f"{args.rounds} rounds; rule keys alone {statistics.median(alone[name]):.3f} ms/message")
    print(f"{len(calls) / args.messages:.1f} rule key lookups a message")

if __name__ == "__main__":
    main()
