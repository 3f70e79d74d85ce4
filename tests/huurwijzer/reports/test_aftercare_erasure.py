"""An erasure request (python -m bot.avg vergeet) also removes what came after the keys: consent,
follow-ups, the WhatsApp conversation a follow-up opened (never logged in to), tasks, choices,
repair scores and the comments with scores, portal messages, the stored language; another tenant's records stay."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.conversation import followups as fu
from huurwijzer.conversation.choices import choose
from huurwijzer.reports.retention import erase_tenant
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.feedback_texts import followup_comments, save_comment
from huurwijzer.tenancy.tenant_language import remember, tenant_languages
from tests.huurwijzer.reports.test_retention import senders, tracker_with
from tests.huurwijzer.support import NOW, holder


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def records(session: Session, tenant_id: int) -> dict[str, int]:
    tables = (t.followup_consents, t.followup_deliveries, t.tenant_tasks, t.tenant_choices, t.repair_feedback,
              tenant_languages)
    return {table.name: len(session.execute(select(table).where(table.c.tenant_id == tenant_id)).all())
            for table in tables}


def test_erasure_includes_follow_ups_tasks_choices_and_scores(engine: Engine, tmp_path: Path) -> None:
    from huurwijzer.tenancy.database import ensure_state_tables

    ensure_state_tables(engine)
    h, other = holder(engine, "HC-100119"), holder(engine, "HC-100126")
    key = v.conversation_key("wa-followup-only")
    with Session(engine, future=True) as session, session.begin():
        for tenant in (h, other):
            fu.give_consent(session, tenant.tenant_id, tenant.contract_number, "test", NOW)
            sent = session.execute(insert(t.followup_deliveries).values(
                tenant_id=tenant.tenant_id, moment="week_1", status=fu.SENT, channel="whatsapp", claimed_at=NOW,
                conversation_key=key if tenant is h else None))
            save_comment(session, int(sent.inserted_primary_key[0]), f"opmerking {tenant.tenant_id}", NOW)
            session.execute(insert(t.tenant_tasks).values(tenant_id=tenant.tenant_id, kind="geldzaken", team="x",
                                                          due_on=NOW.date() + timedelta(days=3), status="open",
                                                          created_at=NOW))
            choose(session, tenant.tenant_id, "drempel", "drempels_weg", NOW)
            remember(session, tenant.tenant_id, "en", NOW)
            session.execute(insert(t.repair_feedback).values(reference=f"R-T-{tenant.tenant_id}",
                                                             tenant_id=tenant.tenant_id, object_id="raam",
                                                             completed_at=NOW, score=8))
            session.execute(insert(t.outbox_messages).values(channel="portaal", recipient=f"huurder:{tenant.tenant_id}",
                                                             body="vraag", created_at=NOW))
    tracker = tracker_with(tmp_path / "tracker.db", {"wa-followup-only": NOW, "anonymous": NOW})
    with tracker.begin() as conn, Session(engine, future=True) as session, session.begin():
        removed = erase_tenant(conn, session, h.tenant_id, [h.phone or ""])
    assert removed.conversations == 1 and senders(tracker) == {"anonymous"}
    with Session(engine, future=True) as session:
        assert set(records(session, h.tenant_id).values()) == {0}
        assert set(records(session, other.tenant_id).values()) == {1}
        assert session.execute(select(followup_comments.c.comment)).scalars().all() == [f"opmerking {other.tenant_id}"]
        left = session.execute(select(t.outbox_messages.c.recipient)).scalars().all()
    assert f"huurder:{h.tenant_id}" not in left and f"huurder:{other.tenant_id}" in left
