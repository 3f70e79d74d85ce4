"""A verified tenant whose stored language is English but who writes only short messages ("hi",
"ok", a contract number: no message decides the language) is answered in English in a live
conversation; a Dutch message still gets Dutch, and a conversation without a verified tenant Dutch.
Through the SDK actions as Rasa calls them (huurwijzer.conversation.answer_language)."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Dict, List
from uuid import uuid4

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from actions.actions import ActionReply
from actions.personal_actions import ActionPersonal
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.tenancy import tenant_language as tl
from tests.actions.actions_use import actions_use
from tests.huurwijzer.support import emptied, holder, verify

CONTRACT = "HC-100119"


def _said(action: Any, sender: str, intent: str, text: str, **parse: Any) -> List[Dict[str, Any]]:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.95},
                              "intent_ranking": [{"name": intent, "confidence": 0.95}], "entities": [], **parse}
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, Tracker(sender, {}, latest, [], False, None, {}, ""), {}))
    return [m for m in dispatcher.messages if m.get("text")]


@pytest.fixture()
def english_tenant(svc: kernel.Services, content: Content, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    actions_use(svc, content, monkeypatch)
    emptied(engine, tl.tenant_languages)
    h = holder(engine, CONTRACT)
    sender = f"stored-en-{uuid4().hex[:8]}"  # a new conversation: each test logs in once
    verify(svc, content, sender, h)
    with Session(engine, future=True) as session, session.begin():
        tl.remember(session, h.tenant_id, "en", datetime(2026, 11, 1))
    return sender


def test_a_short_message_of_a_tenant_stored_as_english_gets_english(english_tenant: str) -> None:
    assert _said(ActionReply(), english_tenant, "greet", "hi")[0]["text"].startswith("Hello! I am Huurwijzer")
    rent = "\n".join(m["text"] for m in _said(ActionPersonal(), english_tenant, "my_rent", "ok"))
    assert rent.startswith("Your rent per month:") and "You have no rent arrears" in rent


def test_a_dutch_message_still_gets_dutch(english_tenant: str) -> None:
    said = _said(ActionReply(), english_tenant, "greet", "goedemiddag", **{PARSE_KEY: "nl"})
    assert said[0]["text"].startswith("Hallo! Ik ben Huurwijzer")


def test_without_a_verified_tenant_a_short_message_gets_dutch(english_tenant: str) -> None:
    assert _said(ActionReply(), "not-verified", "greet", "hi")[0]["text"].startswith("Hallo! Ik ben Huurwijzer")
