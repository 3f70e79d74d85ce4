"""A tenant in arrears who already has a running payment arrangement hears that arrangement with
their arrears, not the advice to make one; a broken one gets the usual advice."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions
from tests.huurwijzer.conversation.test_rewards_criteria import arrangement, with_arrears
from tests.huurwijzer.support import everything_said, holder, turn, verify


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
