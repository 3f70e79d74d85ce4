"""The first message to freshly started servers against the messages after it: the start-up
warm-up (huurwijzer.conversation.warmup, bot/warmup.py) should leave no difference. Starts the
servers itself on 127.0.0.1 (as `make run` does), sends each question once as a new tenant, and
stops them.

    .venv/bin/python bench/first_message.py              # one start
    .venv/bin/python bench/first_message.py --starts 3   # three starts, one line each
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Tuple

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.servers import running_servers  # noqa: E402

# A general question (the action server answers from the knowledge) and a repair question.
QUESTIONS = ("Wanneer wordt de huur afgeschreven?", "Mijn kraan lekt, wie moet dat maken?",
             "Mag ik een kat houden?", "Hoe zeg ik mijn huur op?")
APOLOGY = "spijt me"  # in every apology (knowledge/replies.yml, bot/channels/messages.yml)


@dataclass(frozen=True)
class Start:
    ready_seconds: float  # from starting the processes until both answer
    first_seconds: float
    later_seconds: Tuple[float, ...]
    first_text: str

    @property
    def first_apologised(self) -> bool:
        return APOLOGY in self.first_text


def ask(rest_url: str, sender: str, text: str) -> Tuple[float, str]:
    started = time.perf_counter()
    answer = requests.post(rest_url, json={"sender": sender, "message": text}, timeout=60)
    took = time.perf_counter() - started
    answer.raise_for_status()
    return took, "\n".join(m.get("text", "") for m in answer.json())


def first_and_later(rest_url: str) -> Tuple[float, Tuple[float, ...], str]:
    """The first question as the first tenant ever, then the others as new tenants each."""
    first, text = ask(rest_url, "first-tenant", QUESTIONS[0])
    later = tuple(ask(rest_url, f"tenant-{n}", question)[0] for n, question in enumerate(QUESTIONS[1:]))
    return first, later, text


def one_start(model: Path) -> Start:
    with tempfile.TemporaryDirectory() as folder:
        env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{Path(folder) / 'tenancy.db'}"}
        started = time.perf_counter()
        with running_servers(model, Path(folder), env=env) as servers:
            ready = time.perf_counter() - started
            first, later, text = first_and_later(servers.rest_url)
    return Start(ready, first, later, text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--starts", type=int, default=1)
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "huurwijzer.tar.gz")
    args = parser.parse_args()
    runs: List[Start] = [one_start(args.model) for _ in range(args.starts)]
    print("ready s | first message s | later messages s      | first got the apology")
    for run in runs:
        later = " ".join(f"{s:.2f}" for s in run.later_seconds)
        print(f"{run.ready_seconds:7.1f} | {run.first_seconds:15.2f} | {later:21} | {run.first_apologised}")


if __name__ == "__main__":
    main()
