"""What the first message would otherwise pay for, done once at start-up.

A freshly started action server builds the content (about a hundred YAML files parsed and two
retrieval indexes fitted: 2-4 s on a loaded 2-core machine), opens its first database connection
and creates the state tables on its first call. The Rasa server gives an action 2.5 s, so a
tenant's very first message got the apology. The action server calls `warm_up()` before it
listens (actions/server.py), so its health check answers only once the first call is as fast as
any other. Importing this module does nothing; warm-up is an explicit start-up step.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable, Dict, List, Mapping, Tuple

from sqlalchemy import select

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import in_language, live_content
from huurwijzer.conversation import kernel
from huurwijzer.conversation.answering import answer_question

logger = logging.getLogger(__name__)

# A repair question and a general one in both languages: every index and the repair analysis once.
SAMPLE_QUESTIONS: Tuple[Tuple[str, str], ...] = (
    ("repair_responsibility", "Mijn kraan lekt, wie moet dat maken?"),
    ("rent_payment", "Wanneer wordt de huur afgeschreven?"),
)
SAMPLE_ENGLISH = ("rent_payment", "When is the rent collected from my account?")
# A part that takes longer is left to the first call (content on a loaded machine: about 4 s).
PART_SECONDS = 10.0


@dataclass(frozen=True)
class WarmUp:
    seconds: Mapping[str, float]  # per part, in the order they ran
    failed: Tuple[str, ...]  # parts that could not be warmed (the first call pays for them)

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


def _content() -> None:
    in_language(live_content(), ENGLISH)


def _database() -> None:
    # The state tables and the first pooled connection; the tenancy data itself is not read.
    with kernel.services().unit() as session:
        session.execute(select(1))


def _answers() -> None:
    content = live_content()
    for intent, question in SAMPLE_QUESTIONS:
        answer_question(content, intent, 1.0, question, None)
    intent, question = SAMPLE_ENGLISH
    answer_question(in_language(content, ENGLISH), intent, 1.0, question, None)


PARTS: Tuple[Tuple[str, Callable[[], None]], ...] = (
    ("content", _content), ("database", _database), ("answers", _answers))


def _within(part: Callable[[], None], seconds: float) -> None:
    """Runs `part`, giving up after `seconds` (a database that does not answer must not keep the
    server from starting); the part goes on in the background and is not waited for at exit."""
    failure: List[BaseException] = []

    def run() -> None:
        try:
            part()
        except Exception as exc:  # noqa: BLE001 - passed on to the caller below
            failure.append(exc)

    worker = threading.Thread(target=run, name="warmup", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise TimeoutError(f"warm-up part still running after {seconds} s")
    if failure:
        raise failure[0]


def warm_up(part_seconds: float = PART_SECONDS) -> WarmUp:
    """Runs every part once. A part that fails or hangs (database not reachable yet) is logged and
    left to the first call, as before: the server must still start and recover by itself."""
    seconds: Dict[str, float] = {}
    failed = []
    for name, part in PARTS:
        started = time.perf_counter()
        try:
            _within(part, part_seconds)
        except Exception as exc:
            # The class only: a database error's message may carry parameters.
            logger.warning("warmup.failed part=%s error=%s", name, exc.__class__.__name__)
            failed.append(name)
        seconds[name] = round(time.perf_counter() - started, 3)
    result = WarmUp(seconds, tuple(failed))
    logger.info("warmup.done seconds=%.2f parts=%s", result.total,
                " ".join(f"{name}:{took}" for name, took in seconds.items()))
    return result
