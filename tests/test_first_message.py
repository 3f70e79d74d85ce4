"""A tenant's first message to freshly started servers is answered like any other: both servers
warm up before they report ready (huurwijzer.conversation.warmup, bot/warmup.py). Before, the first
action call read every knowledge file and the first turn the apology's files: over the 2.5 s
action timeout on a loaded machine, so the very first tenant got the apology. Measured by
bench/first_message.py."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Tuple

import requests

from bot.servers import running_servers

APOLOGY = "spijt me"  # in every apology (knowledge/replies.yml, bot/channels/messages.yml)
# A warm turn takes 0.05-0.1 s here; a cold first one took 1.5 s (idle machine) to the apology (loaded).
FIRST_MESSAGE_EXTRA_SECONDS = 0.6


def ask(rest_url: str, sender: str, text: str) -> Tuple[float, str]:
    started = time.perf_counter()
    answer = requests.post(rest_url, json={"sender": sender, "message": text}, timeout=60)
    took = time.perf_counter() - started
    assert answer.status_code == 200, answer.text
    return took, "\n".join(m.get("text", "") for m in answer.json())


def test_the_first_message_is_answered_as_fast_as_the_next(trained_model: Path, tmp_path: Path) -> None:
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'tenancy.db'}"}
    with running_servers(trained_model, tmp_path, env=env) as servers:
        first, said = ask(servers.rest_url, "first-tenant", "Wanneer wordt de huur afgeschreven?")
        later = min(ask(servers.rest_url, f"tenant-{n}", question)[0] for n, question in
                    enumerate(("Mag ik een kat houden?", "Hoe zeg ik mijn huur op?")))
    assert APOLOGY not in said and "huur" in said.lower()
    assert first - later < FIRST_MESSAGE_EXTRA_SECONDS, (first, later)
