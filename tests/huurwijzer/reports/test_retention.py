"""Retention period and erasure requests (AVG/GDPR) on a tracker database and the state tables."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.conversation import onboarding as ob
from huurwijzer.reports.retention import erase_tenant, purge_older_than
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.answer_feedback import answer_feedback
from tests.huurwijzer.support import NOW, holder, verify

# The columns of Rasa's SQL tracker store that matter here.
TRACKER = MetaData()
EVENTS = Table("events", TRACKER, Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
               Column("timestamp", Float), Column("data", Text))


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def tracker_with(path: Path, conversations: dict[str, datetime]) -> Engine:
    tracker = create_engine(f"sqlite:///{path}", future=True)
    TRACKER.create_all(tracker)
    with tracker.begin() as conn:
        for sender, when in conversations.items():
            for n in range(3):
                conn.execute(insert(EVENTS).values(sender_id=sender, timestamp=when.timestamp() + n, data="{}"))
    return tracker


def senders(tracker: Engine) -> set[str]:
    with tracker.connect() as conn:
        return set(conn.execute(select(EVENTS.c.sender_id).distinct()).scalars())


def test_erasure_removes_one_tenants_conversations_and_data(svc: kernel.Services, content: Content, engine: Engine,
                                                            tmp_path: Path) -> None:
    h, other = holder(engine, "HC-100105"), holder(engine, "HC-100112")
    verify(svc, content, "erase-me-web", h, pending="verify_identity")
    verify(svc, content, "erase-me-whatsapp", h, pending="verify_identity")
    verify(svc, content, "someone-else", other, pending="verify_identity")
    with Session(engine, future=True) as session, session.begin():
        ob.complete(session, ob.owner_for(h.tenant_id, ""), "welkom", NOW)
        ob.complete(session, ob.owner_for(other.tenant_id, ""), "welkom", NOW)
        ob.save_preferences(session, h.tenant_id, ob.Preferences("whatsapp", None, False, True, None))
        session.execute(insert(answer_feedback).values(conversation_key=v.conversation_key("erase-me-web"),
                                                         knowledge_id="huisdieren", helpful=True, created_at=NOW))
    tracker = tracker_with(tmp_path / "tracker.db", {"erase-me-web": NOW, "erase-me-whatsapp": NOW,
                                                     "someone-else": NOW, "anonymous": NOW})
    with tracker.begin() as conn, Session(engine, future=True) as session, session.begin():
        removed = erase_tenant(conn, session, h.tenant_id, [h.phone or ""])
    assert (removed.conversations, removed.events) == (2, 6) and removed.records >= 4
    assert senders(tracker) == {"someone-else", "anonymous"}
    with Session(engine, future=True) as session:
        assert ob.completed(session, ob.owner_for(h.tenant_id, "")) == []
        assert ob.completed(session, ob.owner_for(other.tenant_id, "")) == ["welkom"]
        assert session.execute(select(t.contact_preferences).where(
            t.contact_preferences.c.tenant_id == h.tenant_id)).first() is None
        assert session.execute(select(t.tenant_conversations).where(
            t.tenant_conversations.c.tenant_id == h.tenant_id)).first() is None
        assert session.execute(select(t.tenant_conversations).where(
            t.tenant_conversations.c.tenant_id == other.tenant_id)).first() is not None


def test_retention_removes_only_old_conversations(engine: Engine, tmp_path: Path) -> None:
    now = datetime(2026, 11, 22, 10, 0)
    tracker = tracker_with(tmp_path / "tracker.db", {"old": now - timedelta(days=400),
                                                     "recent": now - timedelta(days=3)})
    with tracker.begin() as conn, Session(engine, future=True) as session, session.begin():
        removed = purge_older_than(conn, session, now - timedelta(days=365))
    assert (removed.conversations, removed.events) == (1, 3)
    assert senders(tracker) == {"recent"}


def test_staff_commands_say_what_they_removed(engine: Engine, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from bot.avg import main

    tracker_with(tmp_path / "tracker.db", {"old": datetime(2020, 1, 1)})
    urls = ["--gesprekken", f"sqlite:///{tmp_path / 'tracker.db'}", "--huurdata", str(engine.url)]
    assert main([*urls, "bewaartermijn", "--dagen", "30"]) == 0
    assert "Verwijderd: 1 gesprek(ken) ouder dan 30 dagen" in capsys.readouterr().out
    assert main([*urls, "vergeet", "--huurder", "1"]) == 0
    assert "Verwijderd voor huurder 1" in capsys.readouterr().out
    assert main([*urls, "bewaartermijn", "--dagen", "0"]) == 2
