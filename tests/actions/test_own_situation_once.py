"""A verified tenant's general rent question: the general answer is worked out once per turn (it
was worked out twice: once with the offer of the tenant's own data, once without it for after their
own situation), and their own situation is looked up once."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any, Iterator, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import event
from sqlalchemy.engine import Engine

import actions.actions as answer_actions
from huurwijzer.content.loader import Content
from huurwijzer.content.retrieval import RetrievalIndex
from huurwijzer.conversation import kernel
from huurwijzer.conversation.answering import answer_question
from tests.huurwijzer.support import contract_in_seed, holder, services, verify

QUESTION = "wanneer moet ik de huur betalen en kan dat later"


@pytest.fixture()
def rankings(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """Every retrieval ranking made (the costly part of working out a general answer)."""
    made: List[str] = []
    rank = RetrievalIndex.rank

    def counted(self: RetrievalIndex, question: str, *args: Any, **kwargs: Any) -> Any:
        made.append(question)
        return rank(self, question, *args, **kwargs)
    monkeypatch.setattr(RetrievalIndex, "rank", counted)
    return made


@pytest.fixture()
def statements(engine: Engine) -> Iterator[List[str]]:
    seen: List[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_a_verified_tenants_general_answer_and_own_situation_are_worked_out_once(
        engine: Engine, content: Content, rankings: List[str], statements: List[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    svc = services(engine)
    contract = contract_in_seed(engine, arrears=True)
    verify(svc, content, "once", holder(engine, contract), pending="verify_identity")
    monkeypatch.setattr(kernel, "services", lambda: svc)
    monkeypatch.setattr(answer_actions, "live_content", lambda: content)
    answer_question(content, "rent_payment", 0.9, QUESTION, None)
    one_answer = len(rankings)
    assert one_answer >= 1
    rankings.clear()
    statements.clear()
    latest = {"text": QUESTION, "intent": {"name": "rent_payment", "confidence": 0.9}, "intent_ranking": [],
              "entities": []}
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_actions.ActionAnswerQuestion().run(
        dispatcher, Tracker("once", {}, latest, [], False, None, {}, ""), {}))
    said = str(dispatcher.messages[0]["text"])
    assert "Uw huur per maand" in said and "Algemene informatie" in said  # own situation, then the answer
    assert len(rankings) == one_answer, rankings  # the general answer once, not twice
    tables = Counter(word for s in statements for word in ("ledger_entries", "payment_arrangements")
                     if f"FROM {word}" in s)
    contracts = sum(s.lstrip().startswith("SELECT contracts.contract_number") for s in statements)
    assert tables == Counter({"ledger_entries": 1, "payment_arrangements": 1}) and contracts == 1, statements
