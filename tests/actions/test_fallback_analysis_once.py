"""action_fallback makes the repair analysis of a message once (QA, session 18): the back reference, its
check that no part is named, and the suggestions each made their own, up to three on one text."""

from __future__ import annotations

import asyncio
from typing import Any, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFallback
from huurwijzer.content import repair_analysis
from huurwijzer.conversation import kernel


def _tracker(text: str) -> Tracker:
    latest = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.3},
              "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}], "entities": []}
    return Tracker("fallback-once", {}, latest, [{"event": "user", "text": text}], False, None, {}, "")


@pytest.mark.parametrize("text", ["wie moet dat betalen dan", "de kraan in de keuken is kapot hoor", "qwerty asdf"])
def test_the_fallback_analyses_a_message_once(svc: kernel.Services, monkeypatch: pytest.MonkeyPatch,
                                              text: str) -> None:
    analysed: List[str] = []
    real = repair_analysis.analyse

    def counted(table: Any, question: str) -> Any:
        analysed.append(question)
        return real(table, question)
    for module in ("huurwijzer.conversation.fallback_reply", "huurwijzer.conversation.back_reference",
                   "huurwijzer.conversation.suggestions"):
        if hasattr(__import__(module, fromlist=["x"]), "analyse"):
            monkeypatch.setattr(f"{module}.analyse", counted)
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFallback().run(dispatcher, _tracker(text), {}))
    assert dispatcher.messages and len(analysed) == 1, analysed


@pytest.mark.parametrize("text", ["wie moet dat betalen dan", "de kraan in de keuken is kapot hoor", "qwerty asdf"])
def test_the_fallback_focuses_a_message_once(svc: kernel.Services, text: str) -> None:
    """The back reference, the suggestions and the shared repair analysis each ask for the message's focus;
    message_focus.focus keeps its result (lru_cache), so it is worked out once a turn (QA, session 19: checked,
    no change needed)."""
    from huurwijzer.conversation.message_focus import focus

    focus.cache_clear()
    asyncio.run(ActionFallback().run(CollectingDispatcher(), _tracker(text), {}))
    info = focus.cache_info()
    assert info.misses == 1 and info.hits >= 1, info
