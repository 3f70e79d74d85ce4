"""Withdrawing a filed repair request (QA, session 16: "ik wil mijn reparatie annuleren" had no answer at all).
A verified tenant withdraws an open request: a choice when there are several, a confirmation, the request
marked withdrawn where staff see it; a planned request is explained (cancel the appointment). Before the login
the general answer says how withdrawing works. In the repair form, stopping the report files nothing."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, Dict, List

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import bare_yes, kernel, personal_questions, repair_flow, verification_flow
from huurwijzer.conversation.repair_withdrawal import WITHDRAW_REPAIR, payload
from huurwijzer.conversation.shared_names import REQUESTED_SLOT
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import NewRepairRequest
from tests.huurwijzer.support import NOW, OFFICE, everything_said, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def _fresh_requests(engine: Engine, contract: str, statuses: List[str]) -> List[str]:
    """The contract's requests replaced by one per status (oldest first); their references."""
    references = []
    with Session(engine, future=True) as session, session.begin():
        contract_id = session.execute(select(t.contracts.c.id)
                                      .where(t.contracts.c.contract_number == contract)).scalar_one()
        session.execute(delete(t.repair_requests).where(t.repair_requests.c.contract_id == contract_id))
        for days, status in enumerate(statuses):
            made = NOW - timedelta(days=10 - days)
            reference = OFFICE.create_repair_request(
                session, contract, NewRepairRequest("kraan", "keuken", "De kraan druppelt steeds", "normaal"), made)
            appointment = datetime(2026, 11, 25, 9) if status == "ingepland" else None
            session.execute(update(t.repair_requests).where(t.repair_requests.c.reference == reference)
                            .values(status=status, appointment_at=appointment))
            references.append(reference)
    return references


def _status(engine: Engine, reference: str) -> str:
    with Session(engine, future=True) as session:
        return str(session.execute(select(t.repair_requests.c.status)
                                   .where(t.repair_requests.c.reference == reference)).scalar_one())


def _withdraw(svc: kernel.Services, content: Content, sender: str, text: str) -> kernel.Step:
    return personal_questions.personal_request(svc, content, turn(sender, WITHDRAW_REPAIR, text))


def test_before_the_login_the_general_answer_says_how_and_the_login_starts(svc: kernel.Services,
                                                                           content: Content) -> None:
    step = _withdraw(svc, content, "withdraw-0", "ik wil mijn reparatie annuleren")
    assert step.slots[kernel.NEXT_STEP] == "verify" and step.slots[kernel.PENDING_REQUEST] == WITHDRAW_REPAIR
    said = everything_said(step)
    assert "intrekken zolang er nog geen afspraak is" in said and "contractnummer" in said
    assert content.profile.variables["telefoon"] in said


def test_an_english_tenant_hears_how_withdrawing_works_in_english(svc: kernel.Services, content: Content) -> None:
    """Session 17: the withdrawal's replies had no English twins, so an English tenant got them in Dutch."""
    step = _withdraw(svc, in_language(content, ENGLISH), "withdraw-en", "I want to cancel my repair request")
    said = everything_said(step)
    assert "withdraw the request as long as there is no appointment yet" in said
    assert "intrekken" not in said


def test_one_open_request_is_confirmed_then_withdrawn_where_staff_see_it(svc: kernel.Services, content: Content,
                                                                        engine: Engine) -> None:
    contract = "HC-100063"
    [reference] = _fresh_requests(engine, contract, ["gemeld"])
    after_login = verify(svc, content, "withdraw-1", holder(engine, contract), pending=WITHDRAW_REPAIR)
    asked = after_login.reply
    assert asked is not None and asked.reply_name == "repair_withdraw_confirm" and asked.personal
    assert reference in asked.text and asked.metadata.topic == "report_repair"
    # (a new tenant hears the journey offer after it, as after any answer that follows the login)
    assert [b.payload for b in asked.buttons][:2] == [payload(reference, confirmed=True), "/deny"]
    assert _status(engine, reference) == "gemeld"  # nothing before the yes
    done = _withdraw(svc, content, "withdraw-1", asked.buttons[0].payload).reply
    assert done is not None and done.reply_name == "repair_withdrawn" and done.personal
    assert reference in done.text and "reparatie melden" in done.text
    assert _status(engine, reference) == "ingetrokken"
    listed = personal_questions.personal_request(svc, content, turn("withdraw-1", "my_repairs")).reply
    assert listed is not None and "Ingetrokken" in listed.text
    again = _withdraw(svc, content, "withdraw-1", "ik wil mijn reparatie annuleren").reply
    assert again is not None and again.reply_name == "repair_withdraw_none"


def test_several_open_requests_are_buttons_and_a_planned_one_says_how_to_cancel_the_appointment(
        svc: kernel.Services, content: Content, engine: Engine) -> None:
    contract = "HC-100070"
    reported, planned, done = _fresh_requests(engine, contract, ["gemeld", "ingepland", "uitgevoerd"])
    verify(svc, content, "withdraw-2", holder(engine, contract))
    choice = _withdraw(svc, content, "withdraw-2", "ik wil mijn reparatieverzoek intrekken").reply
    assert choice is not None and choice.reply_name == "repair_withdraw_choose" and choice.personal
    assert sorted(b.payload for b in choice.buttons) == sorted([payload(reported), payload(planned)])
    assert all("kraan" in b.title.lower() and "(keuken)" in b.title for b in choice.buttons)
    chosen = _withdraw(svc, content, "withdraw-2", payload(planned)).reply
    assert chosen is not None and chosen.reply_name == "repair_withdraw_planned"
    assert "afspraak" in chosen.text and content.profile.variables["afspraak_verzetten_tot"] in chosen.text
    # Confirming a planned one (an old button) withdraws nothing either.
    _withdraw(svc, content, "withdraw-2", payload(planned, confirmed=True))
    closed = _withdraw(svc, content, "withdraw-2", payload(done, confirmed=True)).reply
    assert closed is not None and closed.reply_name == "repair_withdraw_closed"
    assert [_status(engine, r) for r in (reported, planned, done)] == ["gemeld", "ingepland", "uitgevoerd"]


def test_a_reference_of_another_tenant_is_never_touched(svc: kernel.Services, content: Content,
                                                        engine: Engine) -> None:
    [theirs] = _fresh_requests(engine, "HC-100077", ["gemeld"])
    _fresh_requests(engine, "HC-100084", ["gemeld"])
    verify(svc, content, "withdraw-3", holder(engine, "HC-100084"))
    step = _withdraw(svc, content, "withdraw-3", payload(theirs, confirmed=True)).reply
    assert step is not None and step.reply_name == "repair_withdraw_unknown"
    assert _status(engine, theirs) == "gemeld"


def test_a_typed_yes_under_the_confirmation_withdraws(svc: kernel.Services, content: Content,
                                                      engine: Engine) -> None:
    contract = "HC-100091"
    [reference] = _fresh_requests(engine, contract, ["gemeld"])
    verify(svc, content, "withdraw-4", holder(engine, contract))
    asked = _withdraw(svc, content, "withdraw-4", "melding intrekken").reply
    assert asked is not None
    yes = turn("withdraw-4", "followup_home_problem", "ja", offered=tuple(b.payload for b in asked.buttons))
    done = bare_yes.followup_or_yes(svc, content, yes).reply
    assert done is not None and done.reply_name == "repair_withdrawn"
    assert _status(engine, reference) == "ingetrokken"


def _form(svc: kernel.Services, content: Content, sender: str) -> Dict[str, Any]:
    start = personal_questions.personal_request(svc, content, turn(sender, "start_repair_report",
                                                                   "ik wil een reparatie melden"))
    return dict(start.slots)


@pytest.mark.parametrize("text", ["kan ik mijn melding intrekken", "laat maar, ik wil het niet meer melden"])
def test_stopping_the_report_in_the_form_files_nothing(svc: kernel.Services, content: Content, engine: Engine,
                                                       text: str) -> None:
    contract = "HC-100098"
    _fresh_requests(engine, contract, [])
    sender = f"withdraw-form-{len(text)}"
    verify(svc, content, sender, holder(engine, contract))
    slots = _form(svc, content, sender)
    # Read as the answer to "what is broken?" (before: "Dat herken ik niet als onderdeel")
    step = repair_flow.repair_input(svc, content, turn(sender, "start_repair_report", text, slots=slots),
                                    "repair_object", text)
    slots.update(step.slots)
    assert step.reply is None and slots[kernel.REPAIR_OUTCOME] == repair_flow.STOPPED
    result = repair_flow.repair_result(svc, content, turn(sender, slots=slots)).reply
    assert result is not None and result.reply_name == "repair_form_withdrawn"
    assert _fresh_requests_count(engine, contract) == 0
    # Read by the classifier as withdrawing or as "no" (the stop rule): the same answer, nothing filed.
    for intent in (WITHDRAW_REPAIR, "deny"):
        asking = {**_form(svc, content, sender), REQUESTED_SLOT: "repair_object"}
        stopped = verification_flow.stop_form(svc, content, replace(turn(sender, intent, text), slots=asking))
        assert stopped.reply is not None and stopped.reply.reply_name == "repair_form_withdrawn"
        assert stopped.end_form
    assert _fresh_requests_count(engine, contract) == 0


def _fresh_requests_count(engine: Engine, contract: str) -> int:
    with Session(engine, future=True) as session:
        return len(OFFICE.repair_requests(session, contract))
