"""Two versions of bot/rule_keys.py (RulePolicy's rule keys) side by side, in one process, swapped every
round so both see the same load: a conversation of letters, per message the policies' predictions as the
server makes them and the tracker copies before the actions (bench/tracker_copy_cost.py's conversation).
Thread CPU per message, printed; also the rule keys alone (every lookup of those predictions, replayed).

    git show main:bot/rule_keys.py > /tmp/old_rule_keys.py
    .venv/bin/python bench/rule_keys_cost.py /tmp/old_rule_keys.py bot/rule_keys.py [--rounds 8] [--messages 30]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def load(path: str, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--messages", type=int, default=30)
    args = parser.parse_args()
    from latency import LETTERS
    from rasa.core.agent import Agent
    from rasa.core.policies.rule_policy import RulePolicy
    from rasa.utils.log_utils import configure_structlog
    from tracker_copy_cost import conversation

    from bot import speedups

    configure_structlog(logging.INFO)  # as the server runs: Rasa's debug lines are not written
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
    results: Dict[str, List[float]] = {"old": [], "new": []}
    alone: Dict[str, List[float]] = {"old": [], "new": []}
    for round_ in range(args.rounds):
        for name in (("old", "new") if round_ % 2 == 0 else ("new", "old")):
            RulePolicy._get_possible_keys = versions[name]  # type: ignore[method-assign]
            costs = conversation(agent, letters, parsed, args.messages)
            results[name].append(1000 * sum(costs) / len(costs))
            started = time.thread_time()
            for policy, lookup, states in calls:
                versions[name](policy, lookup, states)
            alone[name].append(1000 * (time.thread_time() - started) / args.messages)
            print(f"round {round_} {name}: {results[name][-1]:.2f} ms/message (rule keys alone "
                  f"{alone[name][-1]:.3f})", flush=True)
    lower = sum(n < o for n, o in zip(results["new"], results["old"], strict=True))
    print(f"median ms/message: old {statistics.median(results['old']):.2f}, new {statistics.median(results['new']):.2f}"
          f"; new lower in {lower} of {args.rounds} rounds; rule keys alone: old "
          f"{statistics.median(alone['old']):.3f}, new {statistics.median(alone['new']):.3f} ms/message "
          f"({len(calls) / args.messages:.1f} lookups a message)")


if __name__ == "__main__":
    main()
