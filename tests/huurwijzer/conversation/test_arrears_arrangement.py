"""A tenant in arrears who already has a running payment arrangement hears that arrangement with
their arrears, not the advice to make one; a broken one gets the usual advice."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.conversation.reply import reply_text
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.conversation.test_rewards_criteria import arrangement, with_arrears
from tests.huurwijzer.support import NOW, OFFICE, everything_said, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def test_a_running_arrangement_is_told_instead_of_the_advice_to_make_one(svc: kernel.Services, content: Content,
                                                                          engine: Engine) -> None:
    contract = with_arrears(engine)
    verify(svc, content, "arr-1", holder(engine, contract), pending="verify_identity")
    arrangement(engine, contract, "lopend")  # € 50,00 a month since 1 June 2026
    running = everything_said(personal_questions.personal_request(svc, content, turn("arr-1", "my_rent")))
    assert "U heeft een betalingsregeling: u betaalt € 50,00 per maand, sinds 1 juni 2026" in running
    assert "We maken samen een betalingsregeling" not in running and "Er staat nog" in running
    arrangement(engine, contract, "verbroken")
    broken = everything_said(personal_questions.personal_request(svc, content, turn("arr-1", "my_rent")))
    assert "We maken samen een betalingsregeling" in broken and "U heeft een betalingsregeling" not in broken


def test_asking_about_arrears_gets_the_status_without_the_rent_breakdown(svc: kernel.Services, content: Content,
                                                                          engine: Engine) -> None:
    """QA, session 19: a verified tenant asking "heb ik een achterstand?" got the whole rent breakdown again
    (kale huur, servicekosten, totaal, betaalwijze) above the one line that answered. Read as the personal
    question and as the general one (the tenant's own situation first), the status is the answer."""
    from huurwijzer.conversation.answering import answer_question

    contract = with_arrears(engine)
    verify(svc, content, "arr-2", holder(engine, contract), pending="verify_identity")
    question = "heb ik een achterstand?"
    personal = everything_said(personal_questions.personal_request(svc, content, turn("arr-2", "my_rent", question)))
    general = answer_question(content, "rent_payment", 0.78, question, None)
    own = personal_questions.with_own_situation(svc, content, turn("arr-2", "rent_payment", question), general)
    assert own is not None
    for said in (personal, own.text):
        assert "Er staat nog" in said and "Uw huur per maand" not in said and "kale huur" not in said
    whole = everything_said(personal_questions.personal_request(svc, content, turn("arr-2", "my_rent", "mijn huur")))
    assert "Uw huur per maand" in whole and "Er staat nog" in whole  # the rent itself still shows all


def _paid_up(engine: Engine) -> str:
    """A contract without arrears now."""
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number).order_by(t.contracts.c.id)).scalars().all()
        return next(n for n in numbers[40:] if (s := OFFICE.rent_status(session, n, NOW.date())) and s.arrears == 0
                    and OFFICE.contract_holders(session, n))


def test_cannot_pay_without_arrears_gets_the_status_then_the_short_help(svc: kernel.Services, content: Content,
                                                                         engine: Engine) -> None:
    """QA, session 20: "ik kan het niet betalen, wat nu?" (verified, no arrears) got the rent breakdown, the
    status and the whole general text. Now the status first, then the short help; with arrears the general
    help stays."""
    from huurwijzer.conversation.answering import answer_question

    question = "ik kan het niet betalen, wat nu?"
    general = answer_question(content, "rent_payment", 0.9, question, None)
    verify(svc, content, "arr-3", holder(engine, _paid_up(engine)), pending="verify_identity")
    own = personal_questions.with_own_situation(svc, content, turn("arr-3", "rent_payment", question), general)
    assert own is not None and own.text.startswith("U heeft geen betalingsachterstand")
    assert own.text.endswith(reply_text(content, "rent_cannot_pay_help")) and "Uw huur per maand" not in own.text
    assert general.text not in own.text and own.personal
    verify(svc, content, "arr-4", holder(engine, with_arrears(engine)), pending="verify_identity")
    behind = personal_questions.with_own_situation(svc, content, turn("arr-4", "rent_payment", question), general)
    assert behind is not None and behind.text.startswith("Er staat nog") and general.text in behind.text


@pytest.mark.parametrize("question", ["hoeveel huur betaal ik en heb ik een achterstand?",
                                      "hoe hoog is mijn huur en sta ik achter met betalen",
                                      "how much rent do I pay and do I have arrears?"])
def test_the_rent_asked_beside_the_arrears_gets_both(svc: kernel.Services, content: Content, engine: Engine,
                                                     question: str) -> None:
    """QA, session 22: "hoeveel huur betaal ik en heb ik een achterstand?" got the arrears line alone, not the rent."""
    contract, sender = with_arrears(engine), f"arr-both-{len(question)}"
    verify(svc, content, sender, holder(engine, contract), pending="verify_identity")
    said = everything_said(personal_questions.personal_request(svc, content, turn(sender, "my_rent", question)))
    assert "Er staat nog" in said or "arrears" in said.lower()
    assert "kale huur" in said or "basic rent" in said


def test_the_amount_of_the_arrears_is_the_status_alone(svc: kernel.Services, content: Content,
                                                       engine: Engine) -> None:
    contract = with_arrears(engine)
    verify(svc, content, "arr-amount", holder(engine, contract), pending="verify_identity")
    said = everything_said(personal_questions.personal_request(
        svc, content, turn("arr-amount", "my_rent", "hoeveel huurachterstand heb ik?")))
    assert "Er staat nog" in said and "kale huur" not in said
