"""The Rasa server's warm-up builds the gate's housing words (huurwijzer.conversation.housing_evidence):
otherwise the first tenant whose question the classifier is unsure about waits while the training data
is read (0.7 s, more on a loaded machine)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from bot.warmup import warm_up
from huurwijzer.conversation.housing_evidence import live_housing_words


class ReadyAgent:
    def __init__(self) -> None:
        self.parsed: List[str] = []

    def is_ready(self) -> bool:
        return True

    async def parse_message(self, text: str) -> Dict[str, Any]:
        self.parsed.append(text)
        return {}


def test_warm_up_builds_the_housing_words() -> None:
    live_housing_words.cache_clear()
    agent = ReadyAgent()
    asyncio.run(warm_up(agent))
    assert agent.parsed
    assert live_housing_words.cache_info().currsize == 1
    built = live_housing_words()  # from the cache: the weighed signal came with the words
    assert built is not None and built.weights is not None
