"""The answer after verification carries the confidence of the question that started it: the last
message before it is a login answer (a date of birth), which the classifier gives no intent (0.0),
and the dashboard and staff reports read the metadata's confidence."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, verification_flow
from tests.huurwijzer.support import holder, turn


def _login(svc: kernel.Services, content: Content, engine: Engine, sender: str, intent: str) -> kernel.Step:
    h = holder(engine, "HC-100021")
    first = personal_questions.personal_request(svc, content, replace(turn(sender, intent), confidence=0.83))
    state = dict(first.slots)
    answers = {"verification_contract": h.contract_number, "verification_postcode": h.postcode,
               "verification_birth_date": f"{h.date_of_birth:%d-%m-%Y}"}
    for slot, value in answers.items():
        login_answer = replace(turn(sender, "nlu_fallback", value), confidence=0.0)
        state.update(verification_flow.verification_input(svc, content, login_answer, slot, value).slots)
    last = kernel.Turn(sender, "", 0.0, answers["verification_birth_date"], slots=state)  # no intent: 0.0
    return verification_flow.verification_result(svc, content, last)


def test_the_answer_after_login_carries_the_questions_confidence(svc: kernel.Services, content: Content,
                                                                 engine: Engine) -> None:
    step = _login(svc, content, engine, "conf-rent", "my_rent")
    assert step.reply is not None and step.reply.metadata.topic == "rent_payment"
    assert step.reply.metadata.confidence == 0.83
    assert step.slots[kernel.PENDING_CONFIDENCE] is None  # not carried into the next question


def test_the_welcome_after_ik_wil_inloggen_carries_its_confidence(svc: kernel.Services, content: Content,
                                                                  engine: Engine) -> None:
    step = _login(svc, content, engine, "conf-login", kernel.VERIFY)
    assert step.reply is not None and step.reply.metadata.confidence == 0.83
