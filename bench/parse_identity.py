"""The same parse, field for field, from two checkouts: a speed change must not change an answer.

    .venv/bin/python bench/parse_identity.py --model M --out /tmp/branch.jsonl     # in this checkout
    (cd OTHER && .venv/bin/python bench/parse_identity.py --model M --out /tmp/main.jsonl)
    .venv/bin/python bench/parse_identity.py --compare /tmp/main.jsonl /tmp/branch.jsonl

Parses a fixed list of our own messages (never a blind set) with the checkout's code and the speed-ups
the server installs (bot/speedups.py), and writes each parse result whole (intent, ranking, the
classifier's own ranking and stage, the gate's decision, entities, language) with floats exact. The
list: the dev set (../shared/eval), our own hard questions, the repair cases, our repair and English
repair questions, the NLU training examples and held-out sets, the benchmark's questions and letters,
letters made of eight of those messages in a row, and awkward text. `--compare` prints how many
parses differ (and the first few), and exits 1 when any does.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import Any, Dict, List

import yaml

ROOT = Path(__file__).resolve().parent.parent
OWN_SETS = (ROOT.parent / "shared" / "eval" / "dev-questions.yml", ROOT / "tests" / "eval" / "own" / "questions.yml",
            ROOT / "tests" / "eval" / "own" / "round3.yml", ROOT / "tests" / "eval" / "repairs_dev" / "questions.yml",
            ROOT / "tests" / "eval" / "repairs_en" / "questions.yml")
REPAIR_CASES = ROOT / "tests" / "knowledge" / "repair_cases.yml"
AWKWARD = ("", "   ", "👍", "/greet", "sdkjfh qwpoe", "HALLO!!!", "café crème\tnaïef\n\nwie   betaalt dat?",
           "1 2 3 12 123 2026", "€ 12,50", "İstanbul STRASSE straße")


def _texts_in(path: Path) -> List[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [str(item["text"]) for item in data.get("items") or data.get("cases") or []]


def messages() -> List[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    sys.path.insert(0, str(ROOT / "bench"))
    from latency import LETTERS, QUESTIONS

    found: List[str] = [*QUESTIONS, *LETTERS, *AWKWARD]
    for path in [*OWN_SETS, REPAIR_CASES]:
        if path.exists():
            found += _texts_in(path)
    own = list(found)
    for path in [*sorted((ROOT / "data" / "nlu").glob("*.yml")), *sorted((ROOT / "tests" / "nlu").glob("*.yml"))]:
        found += [str(m.get("text")) for m in load_data(str(path)).training_examples if m.get("text")]
    # long messages: eight of our own in a row, as a letter tells several things
    found += [" ".join(own[i:i + 8]) for i in range(0, len(own) - 8, 5)]
    return found


async def _parse_all(model: Path, texts: List[str]) -> List[Dict[str, Any]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def dump(model: Path, out: Path) -> int:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from eval_dev import quiet

    from bot import rasa_patches, speedups

    quiet()
    rasa_patches.check()
    speedups.install()  # as `python -m bot.server` does, before the model is loaded
    texts = messages()
    parses = asyncio.run(_parse_all(model, texts))
    with out.open("w", encoding="utf-8") as handle:
        for parse in parses:
            handle.write(json.dumps(parse, sort_keys=True, ensure_ascii=False) + "\n")
    return len(parses)


def compare(first: Path, second: Path) -> List[str]:
    a = first.read_text(encoding="utf-8").splitlines()
    b = second.read_text(encoding="utf-8").splitlines()
    if len(a) != len(b):
        return [f"{len(a)} parses against {len(b)}"]
    return [f"{json.loads(x).get('text')!r}:\n  {x}\n  {y}" for x, y in zip(a, b, strict=True) if x != y]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "huurwijzer.tar.gz")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    args = parser.parse_args()
    if args.compare:
        differ = compare(*args.compare)
        total = len(args.compare[0].read_text(encoding="utf-8").splitlines())
        print(f"{total} parses, {len(differ)} differ")
        print("\n".join(differ[:5]))
        sys.exit(1 if differ else 0)
    if not args.out:
        parser.error("--out or --compare")
    print(f"{dump(args.model, args.out)} parses written to {args.out}")


if __name__ == "__main__":
    main()
