"""CPU of one content rebuild, as after a staff edit (huurwijzer.content.file_cache rebuilds inside the
next tenant's question, which must stay well inside the Rasa server's 2.5 s): printed, not asserted,
because a loaded machine inflates it (0.25 s quiet, 0.42-0.54 s with four helpers training, 2026-12-06).

    .venv/bin/python bench/reload_cost.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from huurwijzer.content.knowledge import SAFE_LOADER
    from huurwijzer.content.loader import build_content
    from huurwijzer.settings import get_settings

    directory = get_settings().knowledge_dir
    build_content(directory)  # imports and first-use caches
    costs = []
    for _ in range(args.repeat):
        started = time.process_time()
        build_content(directory)
        costs.append(time.process_time() - started)
    print(f"content rebuild CPU s (loader {SAFE_LOADER.__name__}): min {min(costs):.3f}, "
          f"all {', '.join(f'{c:.3f}' for c in costs)}")


if __name__ == "__main__":
    main()
