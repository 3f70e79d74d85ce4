"""Faults against the live servers: the action server stops answering, or is gone. The tenant
gets a Dutch apology with the phone number within three seconds, and the assistant recovers
by itself when the action server is back."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any, Dict, List

import requests

from bot.servers import ROOT, running_servers


def say(url: str, sender: str, message: str) -> tuple[List[Dict[str, Any]], float]:
    started = time.monotonic()
    response = requests.post(url, json={"sender": sender, "message": message}, timeout=30)
    assert response.status_code == 200
    return list(response.json()), time.monotonic() - started


def text_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_action_server_slow_or_down(trained_model: Path, tmp_path: Path) -> None:
    with running_servers(trained_model, tmp_path) as servers:
        url, actions = servers.rest_url, servers.processes[0]
        assert "Woongoed Eemdal" in text_of(say(url, "f-1", "hallo")[0])

        os.killpg(actions.pid, signal.SIGSTOP)  # hangs: accepts nothing, answers nothing
        try:
            messages, seconds = say(url, "f-1", "hoe zeg ik mijn huur op")
        finally:
            os.killpg(actions.pid, signal.SIGCONT)
        assert seconds < 3.5 and "088 - 000 12 34" in text_of(messages) and "spijt me" in text_of(messages)
        assert [m["custom"]["topic"] for m in messages if "custom" in m] == ["human_handover"]
        assert "opzegtermijn" in text_of(say(url, "f-1", "hoe zeg ik mijn huur op")[0])  # recovered

        os.killpg(actions.pid, signal.SIGKILL)  # gone
        actions.wait(timeout=10)
        messages, seconds = say(url, "f-2", "wie repareert een lekkende kraan")
        assert seconds < 3.5 and "088 - 000 12 34" in text_of(messages)
        assert servers.processes[1].poll() is None  # the Rasa server keeps running

        command = [str(a) for a in actions.args]  # the same action server again, same port
        port = command[command.index("--port") + 1]
        restarted = subprocess.Popen(command, cwd=ROOT, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                                     start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.5)
            assert "kraanleertje" in text_of(say(url, "f-2", "wie repareert een lekkende kraan")[0])
        finally:
            os.killpg(restarted.pid, signal.SIGTERM)
            restarted.wait(timeout=15)
