"""Training started from the console: one run at a time, in the background, with its progress
read from the training output (`python -m bot.cli train`, which trains only when needed). The
Rasa servers take the new model into use by themselves (bot/model_reload.py); `assistant_state`
asks one of them which model it runs, so staff see when the new phrasings count."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional

import yaml

from bot.model_reload import model_file

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
    model_signature: Optional[str] = None  # the model file the run left behind

    def percent(self) -> int:
        if self.state != "bezig":
            return 100
        return min(95, int(100 * len(self.steps) / max(1, self.expected)))


class Trainer:
    def __init__(self, root: Path, model: Path, rasa_url: str = "") -> None:
        self._root = root
        self._model = model
        self._rasa_url = rasa_url.rstrip("/")
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
        made = model_file(self._model)
        run.model_signature = made.signature if made else None
        run.finished_at = time.time()
        run.state = "klaar" if code == 0 else "mislukt"
        run.outcome = last[-300:]

    def assistant_state(self) -> str:
        """After a finished run: 'in gebruik' when the assistant runs the new model, 'laden' while
        it has not taken it yet, 'onbekend' when the assistant cannot be asked; else ''."""
        run = self.current
        if run is None or run.state != "klaar" or not run.model_signature:
            return ""
        if not self._rasa_url:
            return "onbekend"
        import urllib.request

        try:
            with urllib.request.urlopen(f"{self._rasa_url}/huurwijzer/model", timeout=2) as answer:
                signature = json.loads(answer.read()).get("signature")
        except (OSError, ValueError):
            return "onbekend"
        return "in gebruik" if signature == run.model_signature else "laden"
