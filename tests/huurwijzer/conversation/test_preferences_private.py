"""Issue 17, Medium 4: the maatwerk answers (money help, care needs) are stored in the tenancy
database when given; the conversation's slots only say that they were answered."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_answers, shared_names
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import holder, services, turn, verify


def test_maatwerk_answers_go_to_the_tenancy_database_only(flows_engine: Engine, content: Content) -> None:
    svc = services(flows_engine)
    h = holder(flows_engine, "HC-100098")
    verify(svc, content, "prefs-db", h, pending="verify_identity")
    step = journey_answers.preference_input(svc, content, turn("prefs-db", "affirm", "ja graag"), "pref_money",
                                            "ja graag")
    assert step.slots == {"pref_money": shared_names.RECEIVED}
    with Session(flows_engine, future=True) as session:
        wants = session.execute(select(t.contact_preferences.c.wants_money_help).where(
            t.contact_preferences.c.tenant_id == h.tenant_id)).scalar_one()
    assert wants is True
