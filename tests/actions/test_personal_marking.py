"""Issue 17, High 1: personal data is marked where it is rendered, and storage redacts by that mark,
whichever action sent it (the onboarding journey's "Uw woning" step was stored in clear)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import List

import pytest
from rasa.core.actions.action import create_bot_utterance
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from actions.personal_actions import say
from bot.tracker_store import PrivateSQLTrackerStore
from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, journey_steps, kernel, repair_flow
from tests.huurwijzer.support import OFFICE, holder, services, turn, verify

ROOT = Path(__file__).resolve().parents[2]


def bot_events(step: kernel.Step) -> List[BotUttered]:
    """What Rasa makes of the action's messages (the action server's JSON, then Rasa's own code)."""
    dispatcher = CollectingDispatcher()
    say(dispatcher, step)
    return [create_bot_utterance(json.loads(json.dumps(message))) for message in dispatcher.messages]


def stored(action: str, events: List[BotUttered], db: Path) -> str:
    store = PrivateSQLTrackerStore(Domain.load(str(ROOT / "bot" / "domain")), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker("s", store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("verder", {"name": "onboarding_next", "confidence": 0.9}), ActionExecuted(action),
                  *events, ActionExecuted("action_listen")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    sql = create_engine(f"sqlite:///{db}", future=True)
    with sql.connect() as conn:
        rows = conn.execute(text("select data from events")).scalars().all()
    sql.dispose()
    texts = [str(json.loads(row).get("text") or "") for row in rows]
    return "\n".join([*rows, *texts])  # as stored, and the texts decoded


def test_the_journeys_home_step_is_not_stored_in_clear(engine: Engine, content: Content, tmp_path: Path) -> None:
    svc = services(engine)
    for _ in range(3):
        journey_steps.journey_step(svc, content, turn("mark-home", "onboarding_next",
                                                     slots={journey_slots.ACTIVE: True}))
    h = holder(engine, "HC-100070")
    verify(svc, content, "mark-home", h, pending="verify_identity")
    step = journey_steps.journey_step(svc, content, turn("mark-home", "start_onboarding"))
    with Session(engine, future=True) as session:
        contract = OFFICE.contract(session, "HC-100070")
    assert contract is not None and contract.caretaker_phone
    events = bot_events(step)
    assert contract.address in "\n".join(e.text or "" for e in events)  # it was said ...
    data = stored("action_onboarding", events, tmp_path / "t.db")
    for secret in (contract.address, contract.contract_number, contract.caretaker_phone, "€"):
        assert secret not in data  # ... and not stored
    assert "Stap 4 van 7" not in data or "persoonlijk antwoord weggelaten" in data


def test_the_welcome_with_the_first_name_is_marked_wherever_it_is_said(engine: Engine, content: Content,
                                                                      tmp_path: Path) -> None:
    svc = services(engine)
    h = holder(engine, "HC-100077")
    step = verify(svc, content, "mark-welcome", h, pending="verify_identity")
    with Session(engine, future=True) as session:
        tenant = OFFICE.tenant(session, h.tenant_id)
    assert tenant is not None
    events = bot_events(step)
    assert tenant.first_name in "\n".join(e.text or "" for e in events)
    # a new action that says it (here under another name) cannot forget the redaction
    assert tenant.first_name not in stored("action_some_new_feature", events, tmp_path / "t.db")


def test_general_answers_stay_readable(content: Content, tmp_path: Path) -> None:
    from huurwijzer.conversation.answering import answer_question

    reply = answer_question(content, "pets", 0.9, "mag ik een kat houden", None)
    events = bot_events(kernel.Step(reply))
    assert reply.text in stored("action_answer_question", events, tmp_path / "t.db")


def test_a_repair_already_reported_is_not_stored_or_logged_in_clear(engine: Engine, content: Content,
                                                                     tmp_path: Path,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    """Session 14: the reply to a repeated report names the first request's reference; it is marked
    where it is rendered, so the tracker store redacts it and no log line carries it."""
    from tests.huurwijzer.conversation.test_repeated_repair import _filled_form

    svc = services(engine)
    verify(svc, content, "mark-repeat", holder(engine, "HC-100091"))
    caplog.set_level("DEBUG")
    first, again = (repair_flow.repair_result(svc, content, turn("mark-repeat",
                                                                 slots=_filled_form(svc, content, "mark-repeat")))
                    for _ in range(2))
    assert first.reply is not None and again.reply is not None
    assert again.reply.reply_name == "repair_already_reported"
    reference = next(word for word in first.reply.text.split() if word.startswith("R-2026-")).rstrip(".")
    events = bot_events(again)
    assert reference in "\n".join(e.text or "" for e in events)  # it was said ...
    data = stored("action_repair_result", events, tmp_path / "t.db")
    assert reference not in data  # ... and not stored
    assert reference not in caplog.text  # ... nor logged
