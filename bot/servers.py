"""Starts the action server and the Rasa server as real processes on this machine and stops
them again: used by `make run`, the end-to-end tests and the benchmarks."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple, Union

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Servers:
    rest_urls: Tuple[str, ...]  # one per Rasa server
    processes: Tuple[subprocess.Popen[bytes], ...]  # action server, the Rasa servers, then the console if any
    console_url: Optional[str] = None
    action_secret: str = ""  # the secret the Rasa servers send to the action server

    @property
    def rest_url(self) -> str:
        return self.rest_urls[0]

    @property
    def action_pid(self) -> int:
        return self.processes[0].pid

    @property
    def rasa_pids(self) -> List[int]:
        return [p.pid for p in self.processes[1:len(self.rest_urls) + 1]]

    def all_running(self) -> bool:
        return all(p.poll() is None for p in self.processes)


ACTION_SERVER_MODULE = "actions.server"  # `python -m` this: the action server behind its shared secret


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(url: str, procs: Sequence[subprocess.Popen[bytes]] = (), logs: Optional[Path] = None,
             timeout: float = 180) -> None:
    """Until `url` answers; fails at once (with the logs' tails) when one of `procs` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            if proc.poll() is not None:
                tails = {p.name: p.read_text(errors="replace")[-3000:] for p in logs.glob("*.log")} if logs else {}
                raise RuntimeError(f"server exited early with {proc.returncode} {tails or '(see output above)'}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(url)


@contextmanager
def running_servers(
    model: Path, logs: Optional[Path] = None, env: Optional[Mapping[str, str]] = None, *,
    rasa_port: Optional[int] = None, action_port: Optional[int] = None, interface: str = "127.0.0.1",
    endpoints: Path = ROOT / "bot" / "endpoints.yml", plain_rasa: bool = False,
    extra_rasa_args: Sequence[str] = (), timeout: float = 300, rasa_instances: int = 1,
    console_port: Optional[int] = None,
) -> Iterator[Servers]:
    """Both servers, ready to answer. Output goes to `logs`/*.log, or to this terminal when
    `logs` is None. `plain_rasa` runs stock `rasa run` instead of bot.server (for comparisons).
    `rasa_instances` > 1 starts more Rasa servers on their own ports (they must share stores:
    bot/endpoints.production.yml). With `console_port` the staff console runs beside them."""
    from huurwijzer.settings import get_settings

    action_port = action_port or free_port()
    rasa_ports = [rasa_port or free_port(), *(free_port() for _ in range(rasa_instances - 1))]
    full_env: Dict[str, str] = {
        **os.environ, "PYTHONUNBUFFERED": "1", "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "ACTION_SERVER_URL": f"http://127.0.0.1:{action_port}/webhook",
        # The console asks the (first) Rasa server which model it runs, to show when a training counts.
        "HUURWIJZER_RASA_URL": f"http://127.0.0.1:{rasa_ports[0]}",
        **({"HUURWIJZER_TRACKER_DB": str(logs / "tracker.db")} if logs else {}), **(env or {}),
    }
    # The Rasa servers and the action server share a secret. A local run without one gets a new one,
    # kept in this process's environment so that a server it starts again later gets the same.
    full_env["HUURWIJZER_ACTION_SECRET"] = (
        full_env.get("HUURWIJZER_ACTION_SECRET") or get_settings().action_secret
        or os.environ.setdefault("HUURWIJZER_ACTION_SECRET", secrets.token_urlsafe(32)))
    server = [str(BIN / "rasa")] if plain_rasa else [sys.executable, "-m", "bot.server"]
    commands = {
        "actions": [sys.executable, "-m", ACTION_SERVER_MODULE, "--port", str(action_port)],
        **{("rasa" if i == 0 else f"rasa{i + 1}"): [
            *server, "run", "--model", str(model), "--port", str(port), "--interface", interface,
            "--endpoints", str(endpoints), "--credentials", str(ROOT / "bot" / "credentials.yml"), *extra_rasa_args]
           for i, port in enumerate(rasa_ports)},
        **({"console": [sys.executable, "-m", "console", "start", "--poort", str(console_port)]}
           if console_port else {}),
    }
    with ExitStack() as stack:
        procs = []
        for name, command in commands.items():
            output: Union[int, IO[bytes], None] = (
                stack.enter_context(open(logs / f"{name}.log", "wb")) if logs else None)
            procs.append(subprocess.Popen(command, cwd=ROOT, env=full_env, start_new_session=True,
                                          stdout=output, stderr=subprocess.STDOUT if logs else None))
        try:
            wait_for(f"http://127.0.0.1:{action_port}/health", procs, logs, timeout)
            for port in rasa_ports:
                wait_for(f"http://127.0.0.1:{port}/", procs, logs, timeout)
            console_url = f"http://127.0.0.1:{console_port}/" if console_port else None
            if console_url:
                wait_for(f"{console_url}inloggen", procs, logs, timeout)
            yield Servers(tuple(f"http://127.0.0.1:{port}/webhooks/rest/webhook" for port in rasa_ports), tuple(procs),
                          console_url, full_env["HUURWIJZER_ACTION_SECRET"])
        finally:
            for proc in procs:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in procs:
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)


# This machine's PostgreSQL server (trust auth), for tests and benchmarks.
POSTGRES = "postgresql+psycopg2://postgres@127.0.0.1:5432"


@contextmanager
def scratch_postgres(prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on 127.0.0.1 for a test or benchmark run, dropped
    afterwards (also while connections are still open). Yields its name."""
    import uuid

    from sqlalchemy import create_engine, text

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(f"{POSTGRES}/test", future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield name
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
