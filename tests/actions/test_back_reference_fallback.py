"""An English "who pays for that?" right after an answer reaches the fallback (the classifier cannot
place it); the fallback reads it against that answer's subject, in English, as the Dutch question is
read (huurwijzer.conversation.back_reference). Through the SDK action as Rasa calls it."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionFallback
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from tests.actions.actions_use import actions_use


def _fallback(text: str, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.55},
                              "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55}], "entities": [],
                              PARSE_KEY: "en"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFallback().run(dispatcher, Tracker("back-ref-en", {}, latest, events, False, None, {}, ""), {}))
    return dispatcher.messages


def _after(knowledge_id: str, text: str) -> List[Dict[str, Any]]:
    return [{"event": "user", "text": "there is a big leak", "parse_data": {PARSE_KEY: "en"}},
            {"event": "bot", "text": "...", "data": {"custom": {"topic": "x", "knowledge_id": knowledge_id}}},
            {"event": "user", "text": text, "parse_data": {PARSE_KEY: "en"}}]


@pytest.mark.parametrize("question", ["who pays for that?", "who has to fix that?", "whose job is that?"])
def test_who_pays_for_that_after_an_answer_is_answered_for_its_subject(
        svc: kernel.Services, content: Content, monkeypatch: pytest.MonkeyPatch, question: str) -> None:
    actions_use(svc, content, monkeypatch)
    messages = _fallback(question, _after("lekkage-spoed", question))
    assert messages[0]["text"].startswith('I read your question as a question about "Big leak".')
    assert messages[1]["custom"]["knowledge_id"] == "repair/waterleiding"


def test_without_an_answer_before_it_the_fallback_suggests_topics(
        svc: kernel.Services, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    actions_use(svc, content, monkeypatch)
    messages = _fallback("who pays for that?", [{"event": "user", "text": "who pays for that?"}])
    assert not messages[0]["text"].startswith("I read your question")
