"""The journey is marked offered only when the offer was shown (QA, session 19: logging in for a repair
report marked it offered without showing it; "stop" after the report then got "we gaan later verder")."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, kernel
from tests.huurwijzer.conversation.test_journey import new_tenant_contract, said
from tests.huurwijzer.support import holder, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def test_logging_in_for_a_repair_report_does_not_mark_an_unshown_offer(svc: kernel.Services, content: Content,
                                                                       engine: Engine) -> None:
    step = verify(svc, content, "j-offer-repair", holder(engine, new_tenant_contract(engine)),
                  pending="start_repair_report")
    assert "nieuwe huurder" not in said(step)  # the repair form asks next, the offer is not shown
    assert not step.slots.get(journey_slots.OFFERED)


def test_logging_in_for_the_rent_still_offers_it(svc: kernel.Services, content: Content, engine: Engine) -> None:
    step = verify(svc, content, "j-offer-rent", holder(engine, new_tenant_contract(engine)), pending="my_rent")
    assert "nieuwe huurder" in said(step) and step.slots.get(journey_slots.OFFERED) is True
