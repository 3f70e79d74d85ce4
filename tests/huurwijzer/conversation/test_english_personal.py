"""In an English conversation a logged-in tenant's own rent and repairs are told in English, with
English dates (knowledge/languages.yml); Dutch stays the default and the texts that carry the
corporation's own Dutch wording (arrears help, home, subscription) stay Dutch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.dutch_format import format_money
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, personal, personal_questions
from huurwijzer.conversation.reply import AnswerMetadata
from huurwijzer.tenancy.backoffice import NewRepairRequest, RepairRequest
from tests.huurwijzer.support import NOW, OFFICE, everything_said, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def paid_up_contract(engine: Engine) -> str:
    with Session(engine, future=True) as session:
        for n in range(1, 60):
            number = f"HC-{100000 + n * 7:06d}"
            status = OFFICE.rent_status(session, number, NOW.date())
            if status is not None and status.arrears == 0 and status.last_payment_on \
                    and OFFICE.contract_holders(session, number):
                return number
    raise AssertionError("no paid-up contract in the seed")


def test_own_rent_and_repairs_in_english(svc: kernel.Services, content: Content, engine: Engine) -> None:
    number = paid_up_contract(engine)
    h = holder(engine, number)
    english = in_language(content, ENGLISH)
    verify(svc, english, "en-own", h, pending="verify_identity")
    with Session(engine, future=True) as session, session.begin():
        OFFICE.create_repair_request(session, number, NewRepairRequest("cv-ketel", "zolder", "storing", "normaal"),
                                     NOW - timedelta(days=2))
        contract = OFFICE.contract(session, number)
    assert contract is not None
    rent = everything_said(personal_questions.personal_request(svc, english, turn("en-own", "my_rent")))
    assert "Your rent per month" in rent and format_money(contract.total_rent) in rent
    assert "You have no rent arrears. We received your last payment on" in rent
    assert "Uw huur" not in rent and not any(month in rent for month in ("januari", "maart", "mei", "juni"))
    repairs = everything_said(personal_questions.personal_request(svc, english, turn("en-own", "my_repairs")))
    reported = (NOW - timedelta(days=2)).date()
    assert "Your repair requests" in repairs and f"reported on {reported.day} {reported:%B} {reported.year}" in repairs
    dutch = everything_said(personal_questions.personal_request(svc, content, turn("en-own", "my_rent")))
    assert "Uw huur per maand" in dutch  # Dutch stays the default


def test_the_english_repair_list_names_rooms_in_english(content: Content) -> None:
    """QA, session 13: the English list said "(zolder)", "(badkamer)"; the rooms are named as the
    English repair form names them, and a place the tenant typed stays as typed."""
    def request(reference: str, location: str) -> RepairRequest:
        return RepairRequest(reference, "cv-ketel", location, "storing", "normaal", "gemeld", None, NOW)

    requests = [request("R-1", "zolder"), request("R-2", "keuken"), request("R-3", "in de badkamer"),
                request("R-4", "woonkamer"), request("R-5", "next to the shed door")]
    meta = AnswerMetadata("report_repair", 1.0)
    english = personal.repairs_reply(in_language(content, ENGLISH), requests, NOW.date(), meta).text
    for said in ("(attic)", "(kitchen)", "(bathroom)", "(living room)", "(next to the shed door)"):
        assert said in english
    assert not any(room in english for room in ("zolder", "keuken", "badkamer", "woonkamer"))
    dutch = personal.repairs_reply(content, requests, NOW.date(), meta).text
    assert "(zolder)" in dutch and "(keuken)" in dutch and "(in de badkamer)" in dutch


def test_the_room_buttons_are_recorded_in_dutch_and_listed_in_each_language(svc: kernel.Services,
                                                                             content: Content) -> None:
    """QA, sessions 14-15: the Dutch form's button "Buiten, trap of galerij" recorded
    "buiten of gemeenschappelijke ruimte", shown in Dutch in the English list; the English button
    recorded "outside or shared area", shown in English to Dutch tenants and staff. Each button is
    recorded as the Dutch button's answer and listed as the button in that language names it."""
    from huurwijzer.conversation import repair_flow

    english = in_language(content, ENGLISH)
    dutch_buttons = content.replies["repair_ask_location"].buttons
    english_buttons = english.replies["repair_ask_location"].buttons
    assert len(dutch_buttons) == len(english_buttons)
    meta = AnswerMetadata("report_repair", 1.0)
    for nl, en in zip(dutch_buttons, english_buttons, strict=True):
        for said in (nl.payload, en.payload):
            step = repair_flow.repair_input(svc, english, turn("room-buttons", "nlu_fallback", said),
                                            "repair_location", said)
            assert step.reply is None and step.slots["repair_location"] == nl.payload
        request = RepairRequest("R-9", "cv-ketel", nl.payload, "storing", "normaal", "gemeld", None, NOW)
        assert f"({en.title.lower()})" in personal.repairs_reply(english, [request], NOW.date(), meta).text
        assert f"({nl.payload})" in personal.repairs_reply(content, [request], NOW.date(), meta).text
    unknown = RepairRequest("R-10", "cv-ketel", repair_flow.UNKNOWN_ROOM, "storing", "normaal", "gemeld", None, NOW)
    assert "(unknown)" in personal.repairs_reply(english, [unknown], NOW.date(), meta).text  # review, session 15
    assert "(onbekend)" in personal.repairs_reply(content, [unknown], NOW.date(), meta).text
    typed = repair_flow.repair_input(svc, english, turn("room-buttons", "nlu_fallback", "in the bedroom"),
                                     "repair_location", "in the bedroom")
    assert typed.slots["repair_location"] == "slaapkamer"
