"""The Rasa server's part of a fast first message: the NLU pipeline runs once on sample messages
and the apology text is read, before the server listens (its health check, and so the "ready"
lines of `make run`, wait for it).

Without it the tenant's first message pays for what is loaded on first use (the repair table the
NLU gate reads, the classifier's first prediction, the apology every action call compares its turn
with, and the holidays library behind it, the gate's housing words: 0.7 s): up to seconds on a loaded
machine. Run from the agent's
start-up listener (bot/model_reload.py), never on import. The action server warms up on its own
(huurwijzer.conversation.warmup).
"""

from __future__ import annotations

import logging
import time
from typing import Any, Tuple

logger = logging.getLogger(__name__)

# Dutch and English, a repair and a general question: every branch of the gate and the language step.
SAMPLE_MESSAGES: Tuple[str, ...] = (
    "Hallo, mijn kraan lekt. Wie moet dat maken?",
    "Wanneer wordt de huur afgeschreven?",
    "When is the rent collected from my account?",
)


async def warm_up(agent: Any) -> float:
    """Parses the sample messages with the loaded model; returns the seconds it took. A failure is
    logged and left to the first message, as before: the server must start all the same."""
    started = time.perf_counter()
    if agent is None or not agent.is_ready():
        return 0.0
    from bot.resilience.apology import apology_text
    from huurwijzer.conversation.housing_evidence import live_housing_words

    try:
        for text in SAMPLE_MESSAGES:
            await agent.parse_message(text)
        apology_text()  # every action call compares its turn with it (and the holidays load with it)
        live_housing_words()  # the gate's first unsure housing answer reads the training data for them
    except Exception as exc:  # noqa: BLE001 - a warm-up must never keep the server from starting
        logger.warning("warmup.failed part=rasa error=%s", exc.__class__.__name__)
    took = time.perf_counter() - started
    logger.info("warmup.done part=rasa seconds=%.2f", took)
    return took
