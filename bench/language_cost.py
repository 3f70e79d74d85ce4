"""What language detection (huurwijzer/content/language.py, lingua in low-accuracy mode) costs per message and
in memory, and what it decides on the dev set (shared/eval/dev-questions.yml, Dutch with a few
English questions). Runs in one process, no servers.

    .venv/bin/python bench/language_cost.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from huurwijzer.content.language import _detector, detect  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    items = yaml.safe_load((ROOT.parent / "shared" / "eval" / "dev-questions.yml").read_text(encoding="utf-8"))["items"]
    texts = [str(i["text"]) for i in items]
    before = rss_mb()
    started = time.perf_counter()
    _detector()
    detect("warm up the detector once")
    print(f"detector built in {time.perf_counter() - started:.2f} s; peak RSS {before:.0f} -> {rss_mb():.0f} MB")
    timings = []
    for _ in range(5):
        for text in texts:
            begin = time.perf_counter()
            detect(text)
            timings.append(time.perf_counter() - begin)
    timings.sort()
    print(f"per message over {len(timings)} detections: median {statistics.median(timings) * 1000:.3f} ms, "
          f"p95 {timings[int(len(timings) * 0.95)] * 1000:.3f} ms, max {timings[-1] * 1000:.3f} ms")
    decided = Counter(detect(text) for text in texts)
    print(f"dev set ({len(texts)} questions): {dict(decided)}")


if __name__ == "__main__":
    main()
