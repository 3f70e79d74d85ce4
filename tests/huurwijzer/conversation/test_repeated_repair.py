"""The same defect reported twice in a short time makes one repair request: the second report
(the answer sent again after an apology, or a worried tenant minutes later) is told that it was
already reported, with the first request's reference."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any, Dict

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, repair_flow
from huurwijzer.tenancy.backoffice import NewRepairRequest
from huurwijzer.tenancy.repair_filing import REPEAT_WINDOW, file_repair_request
from tests.huurwijzer.support import NOW, OFFICE, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def _filled_form(svc: kernel.Services, content: Content, sender: str,
                 how_urgent: str = "het kan een paar dagen wachten") -> Dict[str, Any]:
    start = personal_questions.personal_request(svc, content, turn(sender, "start_repair_report",
                                                                   "de cv-ketel geeft een storing"))
    slots: Dict[str, Any] = dict(start.slots)
    for slot, text in (("repair_location", "Zolder"), ("repair_description", "De ketel geeft storing E119"),
                       ("repair_urgency", how_urgent)):
        step = repair_flow.repair_input(svc, content, turn(sender, "nlu_fallback", text, slots=slots), slot, text)
        slots.update(step.slots)
    return slots


def _requests(engine: Engine, contract: str, field: str = "reference") -> list[str]:
    """One field of the contract's repair requests, newest first."""
    with Session(engine, future=True) as session:
        return [getattr(r, field) for r in OFFICE.repair_requests(session, contract)]


def test_the_same_report_again_gets_the_first_reference_and_makes_no_second_request(
        svc: kernel.Services, content: Content, engine: Engine) -> None:
    contract = "HC-100063"
    verify(svc, content, "repeat-1", holder(engine, contract))
    before = _requests(engine, contract)
    first = repair_flow.repair_result(svc, content, turn("repeat-1", slots=_filled_form(svc, content, "repeat-1")))
    assert first.reply is not None and first.reply.reply_name == "repair_created"
    reference = re.search(r"R-2026-\d{6}", first.reply.text)
    assert reference is not None
    # The last answer sent again (the turn was not stored), or the same defect reported again.
    again = repair_flow.repair_result(svc, content, turn("repeat-1", slots=_filled_form(svc, content, "repeat-1")))
    assert again.reply is not None and again.reply.reply_name == "repair_already_reported"
    assert reference.group(0) in again.reply.text and "al gemeld" in again.reply.text
    assert again.reply.personal and again.reply.metadata.topic == "report_repair"
    assert again.slots["repair_object"] is None  # the form's answers are cleared, as after a new request
    assert len(_requests(engine, contract)) == len(before) + 1


def test_a_request_is_repeated_only_for_the_same_defect_within_the_window(engine: Engine) -> None:
    contract = "HC-100070"
    base = NewRepairRequest("cv-ketel", "zolder", "De ketel geeft storing E119", "normaal")
    with Session(engine, future=True) as session, session.begin():
        first = file_repair_request(OFFICE, session, contract, base, NOW)
        assert not first.already_reported
        same = NewRepairRequest("cv-ketel", "Zolder ", "de ketel  geeft storing E119.", "spoed")
        repeated = file_repair_request(OFFICE, session, contract, same, NOW + REPEAT_WINDOW - timedelta(minutes=1))
        assert repeated.already_reported and repeated.reference == first.reference
        other = (NewRepairRequest("cv-ketel", "zolder", "De ketel lekt water op de vloer", "normaal"),
                 NewRepairRequest("cv-ketel", "keuken", base.description, "normaal"),
                 NewRepairRequest("kraan", "zolder", base.description, "normaal"))
        for request in other:
            assert not file_repair_request(OFFICE, session, contract, request, NOW).already_reported
        later = file_repair_request(OFFICE, session, contract, base, NOW + REPEAT_WINDOW + timedelta(minutes=1))
        assert not later.already_reported and later.reference != first.reference
        # Another tenant with the same defect is another request.
        assert not file_repair_request(OFFICE, session, "HC-100077", base, NOW).already_reported


def test_a_repeat_that_says_it_is_urgent_raises_the_request_and_says_so(
        svc: kernel.Services, content: Content, engine: Engine) -> None:
    contract = "HC-100084"
    verify(svc, content, "repeat-urgent", holder(engine, contract))
    before = _requests(engine, contract)
    first = repair_flow.repair_result(svc, content,
                                      turn("repeat-urgent", slots=_filled_form(svc, content, "repeat-urgent")))
    assert first.reply is not None and first.reply.reply_name == "repair_created"
    assert _requests(engine, contract, "urgency")[0] == "normaal"
    urgent = _filled_form(svc, content, "repeat-urgent", "het is spoed, het lekt door")
    assert urgent["repair_urgency"] == "spoed"
    again = repair_flow.repair_result(svc, content, turn("repeat-urgent", slots=urgent))
    assert again.reply is not None and again.reply.reply_name == "repair_already_reported_urgent"
    assert "al gemeld" in again.reply.text and "dringend" in again.reply.text and again.reply.personal
    assert _requests(engine, contract, "urgency")[0] == "spoed"
    assert len(_requests(engine, contract)) == len(before) + 1
    # Said again as not urgent: the urgency is never lowered, and nothing is said to be raised.
    calm = repair_flow.repair_result(svc, content,
                                     turn("repeat-urgent", slots=_filled_form(svc, content, "repeat-urgent")))
    assert calm.reply is not None and calm.reply.reply_name == "repair_already_reported"
    assert _requests(engine, contract, "urgency")[0] == "spoed"
