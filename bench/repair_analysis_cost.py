"""What the who-repairs analysis costs per message, in-process (milliseconds of CPU, printed).

    .venv/bin/python bench/repair_analysis_cost.py [--rounds 30]

The gate runs `analyse` on every message the classifier is unsure of; `named` (the object words of a
message no pattern matched) and `contexts` are its parts that grow with the length of a message.
Questions and letters are bench/latency.py's. Compare versions side by side by running this in two
worktrees one after the other, twice (the machine is noisy).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from latency import LETTERS, QUESTIONS  # noqa: E402

from huurwijzer.content.repair_analysis import analyse  # noqa: E402
from huurwijzer.content.repair_context import contexts  # noqa: E402
from huurwijzer.content.repairs import load_repairs  # noqa: E402


def per_message(work: Callable[[str], object], texts: Sequence[str], rounds: int) -> float:
    start = time.process_time()
    for _ in range(rounds):
        for text in texts:
            work(text)
    return (time.process_time() - start) / rounds / len(texts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    table = load_repairs(ROOT / "knowledge" / "repairs.yml")
    parts: dict[str, Callable[[str], object]] = {
        "analyse": lambda text: analyse(table, text), "match_all": table.match_all, "named": table.named,
        "contexts": contexts}
    print("| part | question ms | letter ms |\n|---|---|---|")
    for name, work in parts.items():
        question, letter = per_message(work, QUESTIONS, args.rounds), per_message(work, LETTERS, args.rounds)
        print(f"| {name} | {question:.2f} | {letter:.2f} |")


if __name__ == "__main__":
    main()
