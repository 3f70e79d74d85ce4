"""The misuse and injection marks' cost per message in two versions of huurwijzer/conversation/misuse_marks.py,
side by side in one process, their order swapped every round so both see the same load (session 20).

Per round and version: the NLU parse of every long message of bench/parse_identity.py's list (50 words or
more: our letters and eight of our messages in a row; never a blind set), thread CPU per message, with the
server's speed-ups installed; and the marks alone (every call of `has_misuse_marks` and `is_injection`
those parses made, replayed). The parses of both versions are compared too.

    git show main:huurwijzer/conversation/misuse_marks.py > /tmp/old_misuse_marks.py
    .venv/bin/python bench/misuse_marks_cost.py /tmp/old_misuse_marks.py huurwijzer/conversation/misuse_marks.py
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Dict, List, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from module_file import ab_parser, load  # noqa: E402


def main() -> None:
    parser = ab_parser(rounds=9)
    parser.add_argument("--model", default=str(ROOT / "models" / "huurwijzer.tar.gz"))
    args = parser.parse_args()
    from eval_dev import quiet
    from parse_identity import messages
    from rasa.core.agent import Agent

    from bot import speedups
    from bot.nlu import gate
    from huurwijzer.conversation import understanding

    quiet()
    speedups.install()
    versions = {name: load(path, f"{name}_misuse_marks") for name, path in (("old", args.old), ("new", args.new))}
    agent = Agent.load(args.model)
    letters = [text for text in messages() if len(text.split()) >= 50]
    calls: List[Tuple[str, str]] = []

    def use(module: ModuleType, record: bool = False) -> None:
        def recorded(name: str) -> Callable[[str], bool]:
            def call(text: str) -> bool:
                calls.append((name, text))
                return bool(getattr(module, name)(text))
            return call
        for name in ("has_misuse_marks", "is_injection"):
            function: Callable[[str], bool] = recorded(name) if record else getattr(module, name)
            setattr(understanding, name, function)
            if name == "has_misuse_marks":
                setattr(gate, name, function)

    async def parse_all() -> List[Dict[str, Any]]:
        return [await agent.parse_message(text) for text in letters]

    use(versions["new"], record=True)
    asyncio.run(parse_all())
    parses: Dict[str, List[Dict[str, Any]]] = {}
    results: Dict[str, List[float]] = {name: [] for name in versions}
    alone: Dict[str, List[float]] = {name: [] for name in versions}
    names = list(versions)
    for round_ in range(args.rounds):
        for name in names[round_ % 2:] + names[:round_ % 2]:
            module = versions[name]
            use(module)
            started = time.thread_time()
            parses[name] = asyncio.run(parse_all())
            results[name].append(1000 * (time.thread_time() - started) / len(letters))
            started = time.thread_time()
            for function, text in calls:
                getattr(module, function)(text)
            alone[name].append(1000 * (time.thread_time() - started) / len(letters))
            print(f"round {round_} {name}: parse {results[name][-1]:.3f} ms/letter, marks alone "
                  f"{alone[name][-1]:.3f}", flush=True)
    lower = sum(n < o for n, o in zip(results["new"], results["old"], strict=True))
    lower_alone = sum(n < o for n, o in zip(alone["new"], alone["old"], strict=True))
    for name in names:
        print(f"{name}: parse median {statistics.median(results[name]):.3f} ms/letter, marks alone median "
              f"{statistics.median(alone[name]):.3f} ms/letter")
    print(f"new lower in {lower} of {args.rounds} rounds (parse), {lower_alone} of {args.rounds} (marks alone); "
          f"{len(letters)} letters, {len(calls) / len(letters):.2f} mark calls a letter; "
          f"parses {'identical' if parses['old'] == parses['new'] else 'DIFFER'}")


if __name__ == "__main__":
    main()
