"""Training started from the console: one run at a time, in the background, with its progress
read from the training output (`python -m bot.cli train`, which trains only when needed)."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import yaml

STARTED = re.compile(r"Starting to train component '([^']+)'")


@dataclass
class TrainingRun:
    started_by: str
    started_at: float
    expected: int
    steps: List[str] = field(default_factory=list)
    state: str = "bezig"  # bezig | klaar | mislukt
    outcome: str = ""
    finished_at: Optional[float] = None

    def percent(self) -> int:
        if self.state != "bezig":
            return 100
        return min(95, int(100 * len(self.steps) / max(1, self.expected)))


class Trainer:
    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = threading.Lock()
        self.current: Optional[TrainingRun] = None

    def start(self, user: str) -> TrainingRun:
        with self._lock:
            if self.current is not None and self.current.state == "bezig":
                return self.current
            config = yaml.safe_load((self._root / "config.yml").read_text(encoding="utf-8"))
            run = TrainingRun(user, time.time(), len(config.get("pipeline", [])) + len(config.get("policies", [])))
            self.current = run
        threading.Thread(target=self._run, args=(run,), daemon=True).start()
        return run

    def _run(self, run: TrainingRun) -> None:
        process = subprocess.Popen([sys.executable, "-m", "bot.cli", "train"], cwd=self._root, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        assert process.stdout is not None
        last = ""
        for line in process.stdout:
            found = STARTED.search(line)
            if found:
                run.steps.append(found.group(1))
            if line.strip():
                last = line.strip()
        code = process.wait()
        run.finished_at = time.time()
        run.state = "klaar" if code == 0 else "mislukt"
        run.outcome = last[-300:]
