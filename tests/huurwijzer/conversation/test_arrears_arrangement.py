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
