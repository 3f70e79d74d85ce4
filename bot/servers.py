"""Starts the action server and the Rasa server as real processes on 127.0.0.1 (for tests and
benchmarks) and stops them again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Mapping, Optional

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Servers:
    rest_url: str
    rasa_pids: List[int]
    action_pid: int


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, procs: List[subprocess.Popen[bytes]], logs: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                tails = {p.name: p.read_text(errors="replace")[-3000:] for p in logs.glob("*.log")}
                raise RuntimeError(f"server exited early with {proc.returncode}: {tails}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


@contextmanager
def running_servers(model: Path, logs: Path, env: Optional[Mapping[str, str]] = None,
                    timeout: float = 180, endpoints: Path = ROOT / "bot" / "endpoints.yml",
                    plain_rasa: bool = False) -> Iterator[Servers]:
    """Both servers on free ports; `env` adds to the environment (e.g. a knowledge copy).
    `plain_rasa` runs stock `rasa run` instead of bot.server, to measure the speed-ups."""
    rasa_port, action_port = free_port(), free_port()
    full_env: Dict[str, str] = {**os.environ, "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
                                "HUURWIJZER_TRACKER_DB": str(logs / "tracker.db"), **(env or {})}
    commands = {
        "actions": ["run", "actions", "--actions", "actions", "--port", str(action_port)],
        "rasa": ["run", "--model", str(model), "--port", str(rasa_port), "--interface", "127.0.0.1",
                 "--endpoints", str(endpoints), "--credentials", "bot/credentials.yml"],
    }
    with ExitStack() as stack:
        server = [str(BIN / "rasa")] if plain_rasa else [sys.executable, "-m", "bot.server"]
        programs = {"actions": [str(BIN / "rasa")], "rasa": server}
        procs = [
            subprocess.Popen([*programs[name], *args], cwd=ROOT, env=full_env, start_new_session=True,
                             stdout=stack.enter_context(open(logs / f"{name}.log", "wb")),
                             stderr=subprocess.STDOUT)
            for name, args in commands.items()
        ]
        try:
            _wait_for(f"http://127.0.0.1:{action_port}/health", procs, logs, timeout)
            _wait_for(f"http://127.0.0.1:{rasa_port}/", procs, logs, timeout)
            yield Servers(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook", [procs[1].pid], procs[0].pid)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                proc.wait(timeout=30)
