"""`mask` per letter in two versions of huurwijzer/privacy.py, side by side in one process, their order
swapped every round so both see the same load (session 20). The letters: every message of 50 words or more
of bench/parse_identity.py's list (our letters and eight of our messages in a row; never a blind set). The
tracker store masks each user message once as it saves it (bot/event_redaction.py). Prints thread CPU per
letter each round, the medians, in how many rounds the new one was lower, and whether every text came out
the same.

    git show main:huurwijzer/privacy.py > /tmp/old_privacy.py
    .venv/bin/python bench/mask_cost.py /tmp/old_privacy.py huurwijzer/privacy.py [--rounds 9]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from module_file import ab_parser, load  # noqa: E402


def main() -> None:
    parser = ab_parser(rounds=9)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the letters per round and version")
    args = parser.parse_args()
    from parse_identity import messages

    versions = {name: load(path, f"{name}_privacy").mask for name, path in (("old", args.old), ("new", args.new))}
    texts = messages()
    letters = [text for text in texts if len(text.split()) >= 50]
    same = all(versions["old"](text) == versions["new"](text) for text in texts)
    results: Dict[str, List[float]] = {name: [] for name in versions}
    names = list(versions)
    for round_ in range(args.rounds):
        for name in names[round_ % 2:] + names[:round_ % 2]:
            mask = versions[name]
            started = time.thread_time()
            for _ in range(args.repeat):
                for text in letters:
                    mask(text)
            results[name].append(1000 * (time.thread_time() - started) / (args.repeat * len(letters)))
            print(f"round {round_} {name}: {results[name][-1]:.3f} ms/letter", flush=True)
    lower = sum(n < o for n, o in zip(results["new"], results["old"], strict=True))
    for name in names:
        print(f"{name}: median {statistics.median(results[name]):.3f} ms/letter")
    print(f"new lower in {lower} of {args.rounds} rounds; {len(letters)} letters; "
          f"{len(texts)} texts masked {'the same' if same else 'DIFFERENTLY'}")


if __name__ == "__main__":
    main()
