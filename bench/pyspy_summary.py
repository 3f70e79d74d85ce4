"""Shares of a process's time per function from a py-spy raw profile, for docs/performance.md.

py-spy is not a project dependency; install it beside the project, then profile the Rasa server
while a benchmark runs:

    python3 -m pip install --target /tmp/pyspy py-spy
    .venv/bin/python bench/latency.py --concurrency 10 --messages 100 &
    sleep 20; /tmp/pyspy/bin/py-spy record --pid $(pgrep -f "bot.server run" | head -1) \\
        --duration 15 --format raw -o /tmp/rasa.txt --nonblocking
    .venv/bin/python bench/pyspy_summary.py /tmp/rasa.txt states_for_tracker_history save json.dumps

Each line of the raw file is a stack (frames joined by ';') and a sample count. A function's
share counts every sample whose stack holds it (inclusive time), once per stack.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path
from typing import Dict, Tuple

LINE_NUMBER = re.compile(r":\d+\)")


def inclusive_shares(raw: str) -> Tuple[Dict[str, int], int]:
    """Samples per function (`name (file)`) over all stacks it appears in, and the total."""
    counts: Counter[str] = Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, samples = line.rstrip().rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        total += int(samples)
        for frame in {LINE_NUMBER.sub(")", f) for f in stack.split(";")}:
            counts[frame] += int(samples)
    return dict(counts), total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("profile", type=Path, help="py-spy record --format raw output")
    parser.add_argument("patterns", nargs="*", help="show only functions matching one of these (regex)")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args()
    counts, total = inclusive_shares(args.profile.read_text(encoding="utf-8", errors="replace"))
    shown = [(name, n) for name, n in sorted(counts.items(), key=lambda item: -item[1])
             if not args.patterns or any(re.search(p, name) for p in args.patterns)]
    for name, n in shown[:args.top]:
        print(f"{100 * n / max(1, total):5.1f} %  {name[:150]}")


if __name__ == "__main__":
    main()
