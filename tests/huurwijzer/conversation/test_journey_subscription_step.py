"""The journey's subscription step for a logged-in tenant (QA, session 22): a tenant who already had the
Klusjesabonnement read "Wilt u de kleine reparaties liever niet zelf doen? Neem dan ons Klusjesabonnement". They now
read that they have it, since when and what it covers; a tenant without one keeps the offer."""

from __future__ import annotations

from typing import Optional

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_steps, kernel
from huurwijzer.conversation import onboarding as ob
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import NOW, holder, turn, verify

BEFORE = ("welkom", "verwachtingen", "eerste_stappen", "uw_woning")


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def _contract(engine: Engine, subscribed: bool) -> str:
    c, s = t.contracts, t.service_subscriptions
    with Session(engine, future=True) as session:
        had = {row.contract_id for row in session.execute(select(s.c.contract_id).where(s.c.ended_on.is_(None)))}
        rows = session.execute(select(c.c.id, c.c.contract_number)).all()
    return next(number for id_, number in rows if (id_ in had) == subscribed)


def _subscription_step(svc: kernel.Services, content: Content, engine: Engine, sender: str, contract: str,
                       personal: bool = False) -> str:
    h = holder(engine, contract)
    verify(svc, content, sender, h, pending="verify_identity")
    with Session(engine, future=True) as session, session.begin():
        for step in BEFORE:
            ob.complete(session, ob.owner_for(h.tenant_id, ""), step, NOW)
    shown = journey_steps.journey_step(svc, content, turn(sender, "start_onboarding"))
    reply: Optional[str] = shown.reply.text if shown.reply else None
    assert reply is not None and "Stap 5 van 7" in reply
    # the start date is the tenant's own data: marked, so the stores and logs redact it (shared_names.PERSONAL_KEY)
    assert shown.reply is not None and shown.reply.personal == personal
    return reply


def test_a_subscriber_is_told_they_have_it(svc: kernel.Services, content: Content, engine: Engine) -> None:
    text = _subscription_step(svc, content, engine, "j-sub-1", _contract(engine, subscribed=True), personal=True)
    assert "U heeft ons Klusjesabonnement sinds" in text and "Neem dan ons" not in text


def test_a_tenant_without_one_is_offered_it(svc: kernel.Services, content: Content, engine: Engine) -> None:
    text = _subscription_step(svc, content, engine, "j-sub-2", _contract(engine, subscribed=False))
    assert "Neem dan ons Klusjesabonnement" in text
