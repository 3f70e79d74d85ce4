"""Reciprocity (Gold Service): off by default; when on, keeping to a payment arrangement counts as
paying on time, rewards are extras and never priority over repairs, the agreement with the
tenants' organisation is recorded, and "not yet" never tells the tenant's arrears history."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.content.profile import ProfileError, Rewards, load_profile
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import NOW, OFFICE, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def switched_on(content: Content, counts: bool = True) -> Content:
    rewards = Rewards("Eemdal Extra", 12, 12, ("klusdag",), counts, "Huurdersvereniging Eemdal", date(2026, 10, 14))
    return replace(content, profile=replace(content.profile, rewards=rewards))


def with_arrears(engine: Engine) -> str:
    """A long-standing contract with arrears now."""
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number).order_by(t.contracts.c.id)).scalars().all()
        return next(n for n in numbers[40:] if (s := OFFICE.rent_status(session, n, NOW.date())) and s.arrears > 0
                    and OFFICE.contract(session, n).start_date < NOW.date() - timedelta(days=400)  # type: ignore
                    and OFFICE.contract_holders(session, n))


def arrangement(engine: Engine, contract: str, status: str) -> None:
    with Session(engine, future=True) as session, session.begin():
        c = t.contracts
        contract_id = session.execute(select(c.c.id).where(c.c.contract_number == contract)).scalar()
        session.execute(delete(t.payment_arrangements).where(t.payment_arrangements.c.contract_id == contract_id))
        session.execute(insert(t.payment_arrangements).values(contract_id=contract_id, started_on=date(2026, 6, 1),
                                                              monthly_amount=Decimal("50.00"), status=status))


def test_off_by_default_and_the_agreement_is_recorded(content: Content, knowledge_copy: Path) -> None:
    assert content.profile.rewards is None
    path = knowledge_copy / "corporation.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  aan: false", "  aan: true"), encoding="utf-8")
    rewards = load_profile(path).rewards
    assert rewards is not None and rewards.arrangement_counts
    assert (rewards.agreed_with, rewards.agreed_on) == ("Huurdersvereniging Eemdal", date(2026, 10, 14))
    assert not any("voorrang" in b for b in rewards.benefits)


def test_the_profile_refuses_priority_on_repairs_and_a_missing_agreement(knowledge_copy: Path) -> None:
    path = knowledge_copy / "corporation.yml"
    text = path.read_text(encoding="utf-8").replace("  aan: false", "  aan: true")
    first = "    - één keer per jaar een klusdag"
    priority = "    - voorrang bij het inplannen van een reparatie\n"
    path.write_text(text.replace(first, priority + first), encoding="utf-8")
    with pytest.raises(ProfileError, match="geen voorrang bij reparaties"):
        load_profile(path)
    path.write_text(re.sub(r"  afgestemd_met_huurdersorganisatie:\n.*\n.*\n", "", text), encoding="utf-8")
    with pytest.raises(ProfileError, match="huurdersorganisatie"):
        load_profile(path)


def test_keeping_to_a_payment_arrangement_counts_and_not_yet_never_tells_arrears(
        svc: kernel.Services, content: Content, engine: Engine) -> None:
    contract = with_arrears(engine)
    on = switched_on(content)
    verify(svc, on, "gs-1", holder(engine, contract), pending="verify_identity")
    arrangement(engine, contract, "verbroken")
    broken = personal_questions.personal_request(svc, on, turn("gs-1", "my_rewards"))
    text = broken.reply.text if broken.reply else ""
    assert "U doet nog niet mee" in text and "betalingsregeling en houdt u zich daaraan" in text
    with Session(engine, future=True) as session:
        status = OFFICE.rent_status(session, contract, NOW.date())
    assert status is not None
    assert "€" not in text and "achterstand" not in text.lower() and "U huurt nu" not in text
    arrangement(engine, contract, "lopend")
    kept = personal_questions.personal_request(svc, on, turn("gs-1", "my_rewards"))
    assert kept.reply is not None and "U doet mee aan Eemdal Extra" in kept.reply.text
    assert "plannen we voor iedereen op dezelfde manier" in kept.reply.text
    strict = personal_questions.personal_request(svc, switched_on(content, counts=False), turn("gs-1", "my_rewards"))
    assert strict.reply is not None and "U doet nog niet mee" in strict.reply.text
    assert "betalingsregeling" not in strict.reply.text


def test_an_english_tenant_hears_the_rewards_in_english(svc: kernel.Services, content: Content,
                                                        engine: Engine) -> None:
    from huurwijzer.content.loader import in_language

    contract = with_arrears(engine)
    english = in_language(switched_on(content), "en")
    verify(svc, english, "gs-en", holder(engine, contract), pending="verify_identity")
    arrangement(engine, contract, "verbroken")
    step = personal_questions.personal_request(svc, english, turn("gs-en", "my_rewards", language="en"))
    text = step.reply.text if step.reply else ""
    assert text.startswith("You do not take part in Eemdal Extra yet.") and "(in Dutch):\n- klusdag" in text
    assert "Do you have a payment arrangement and do you keep to it?" in text and "U doet" not in text
    off = personal_questions.personal_request(svc, in_language(content, "en"), turn("gs-en", "my_rewards"))
    assert off.reply is not None and off.reply.text.startswith("Woongoed Eemdal does not have a rewards programme")
