"""The personal conversation flows without Rasa: what is said before and after verification,
never another tenant's data, the WhatsApp code, repair reports, and a database that is down."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta, timezone
from pathlib import Path
from typing import Any, Dict

import jwt
import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.dutch_format import format_date, format_money
from huurwijzer.content.loader import Content
from huurwijzer.conversation import (
    channel_trust,
    kernel,
    personal_questions,
    repair_flow,
    shared_names,
    verification_flow,
)
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import ContractHolder
from huurwijzer.tenancy.lockout import Lockout, MemoryLockoutStore
from tests.huurwijzer.support import (
    ACTION_SECRET,
    AUDIENCE,
    NOW,
    OFFICE,
    PERSONAL,
    SECRET,
    everything_said,
    holder,
    turn,
    verify,
)


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine




@pytest.mark.parametrize("intent", PERSONAL)
def test_unverified_questions_start_verification_and_show_no_data(svc: kernel.Services, content: Content,
                                                                   engine: Engine, intent: str) -> None:
    step = personal_questions.personal_request(svc, content, turn(uuid.uuid4().hex, intent))
    said = everything_said(step)
    assert step.slots[kernel.NEXT_STEP] == "verify" and step.reply is None
    assert "contractnummer" in said and "€" not in said and "HC-1" not in said


def test_verified_rent_answer_is_this_tenants_own(svc: kernel.Services, content: Content, engine: Engine) -> None:
    h = holder(engine, "HC-100021")
    step = verify(svc, content, "tenant-21", h)
    with Session(engine, future=True) as session:
        contract = OFFICE.contract(session, "HC-100021")
        others = [OFFICE.contract(session, f"HC-{100000 + n * 7:06d}") for n in range(1, 8) if n != 3]
    assert contract is not None
    said = everything_said(step)
    assert format_money(contract.total_rent) in said and format_money(contract.bare_rent) in said
    assert all(o is not None and format_money(o.total_rent) not in said for o in others)
    assert step.reply is not None and step.reply.metadata.topic == "rent_payment"
    home = personal_questions.personal_request(svc, content, turn("tenant-21", "my_home"))
    assert home.reply is not None and contract.address in home.reply.text
    assert format_date(contract.start_date) in home.reply.text


def test_arrears_get_a_kind_message_with_the_routes(svc: kernel.Services, content: Content, engine: Engine) -> None:
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number)).scalars().all()
        in_arrears = next(n for n in numbers if (s := OFFICE.rent_status(session, n, NOW.date())) and s.arrears > 0)
        status = OFFICE.rent_status(session, in_arrears, NOW.date())
    assert status is not None
    step = verify(svc, content, "tenant-arrears", holder(engine, in_arrears))
    said = everything_said(step)
    assert f"Er staat nog {format_money(status.arrears)} open" in said
    assert "betalingsregeling" in said and "schuldhulp" in said


def test_wrong_answers_show_nothing(svc: kernel.Services, content: Content, engine: Engine) -> None:
    h, other = holder(engine, "HC-100028"), holder(engine, "HC-100035")
    wrong = ContractHolder(h.tenant_id, h.contract_number, other.postcode, h.date_of_birth, None)
    step = verify(svc, content, "tenant-wrong", wrong)
    said = everything_said(step)
    assert "niet inloggen" in said and "€" not in said
    asked = personal_questions.personal_request(svc, content, turn("tenant-wrong", "my_rent"))
    assert asked.slots[kernel.NEXT_STEP] == "verify"


def test_malformed_answers_are_asked_again(svc: kernel.Services, content: Content) -> None:
    cases = {"verification_contract": ("HC 12", "HC-123456"), "verification_postcode": ("38 AB", "3811 AB"),
             "verification_birth_date": ("31-02-1980", "12-03-1980")}
    for slot, (bad, example) in cases.items():
        step = verification_flow.verification_input(svc, content, turn("tenant-bad", "nlu_fallback", bad), slot, bad)
        assert step.slots == {slot: None}
        assert step.reply is not None and example in step.reply.text


def test_log_out_ends_the_verification(svc: kernel.Services, content: Content, engine: Engine) -> None:
    verify(svc, content, "tenant-out", holder(engine, "HC-100042"))
    assert personal_questions.personal_request(svc, content, turn("tenant-out", "my_home")).reply is not None
    step = verification_flow.log_out(svc, content, turn("tenant-out", "log_out"))
    assert step.reply is not None and "uitgelogd" in step.reply.text
    assert personal_questions.personal_request(svc, content, turn("tenant-out", "my_home")).reply is None


def test_whatsapp_sender_gets_a_one_time_code(svc: kernel.Services, content: Content, engine: Engine) -> None:
    with Session(engine, future=True) as session:
        h = next(x for n in range(1, 60) for x in OFFICE.contract_holders(session, f"HC-{100000 + n * 7:06d}")
                 if x.phone and len(OFFICE.holders_by_phone(session, x.phone)) == 1)
    assert h.phone is not None
    metadata = channel_trust.phone_metadata(ACTION_SECRET, "whatsapp", "wa-1", h.phone)
    step = personal_questions.personal_request(svc, content,
                                               turn("wa-1", "my_rent", channel="whatsapp", metadata=metadata))
    assert step.slots[kernel.VERIFICATION_METHOD] == "code" and "WhatsApp" in everything_said(step)
    with Session(engine, future=True) as session:
        body = session.execute(select(t.outbox_messages.c.body).where(t.outbox_messages.c.recipient == h.phone)
                               .order_by(t.outbox_messages.c.id.desc())).scalars().first()
    assert body is not None
    match = re.search(r"\b(\d{6})\b", body)
    assert match is not None
    code = match.group(1)
    checked = verification_flow.verification_input(svc, content, turn("wa-1", "nlu_fallback", code),
                                                   shared_names.CODE_SLOT, code)
    assert checked.slots[kernel.VERIFICATION_OUTCOME] == "verified"
    result = verification_flow.verification_result(svc, content, turn("wa-1", slots={**step.slots, **checked.slots}))
    assert "€" in everything_said(result)


def test_portal_token_in_the_message_verifies_at_once(svc: kernel.Services, content: Content,
                                                      engine: Engine) -> None:
    h = holder(engine, "HC-100049")
    exp = int((NOW + timedelta(minutes=5)).replace(tzinfo=timezone.utc).timestamp())
    token = jwt.encode({"sub": str(h.tenant_id), "contract": h.contract_number, "aud": AUDIENCE, "exp": exp},
                       SECRET, algorithm="HS256")
    metadata = {shared_names.PORTAL_TOKEN_KEY: token}
    step = personal_questions.personal_request(svc, content, turn("web-1", "my_rent", metadata=metadata))
    assert step.reply is not None and "€" in step.reply.text
    forged = jwt.encode({"sub": str(h.tenant_id), "contract": h.contract_number, "aud": AUDIENCE, "exp": exp},
                        "another-secret-that-is-long-enough!", algorithm="HS256")
    refused = personal_questions.personal_request(svc, content, turn("web-2", "my_rent",
                                                        metadata={shared_names.PORTAL_TOKEN_KEY: forged}))
    assert refused.reply is None and refused.slots[kernel.NEXT_STEP] == "verify"


def test_repair_report_ends_with_a_stored_reference(svc: kernel.Services, content: Content, engine: Engine) -> None:
    verify(svc, content, "tenant-repair", holder(engine, "HC-100056"))
    start = personal_questions.personal_request(svc, content, turn("tenant-repair", "start_repair_report",
                                                      "de cv-ketel geeft een storing"))
    assert start.slots[kernel.NEXT_STEP] == "repair_form" and start.slots["repair_object"] == "cv-ketel"
    slots: Dict[str, Any] = dict(start.slots)
    for slot, text in (("repair_location", "Zolder"), ("repair_description", "De ketel geeft storing E119"),
                       ("repair_urgency", "het kan een paar dagen wachten")):
        step = repair_flow.repair_input(svc, content, turn("tenant-repair", "nlu_fallback", text, slots=slots), slot,
                                        text)
        assert step.reply is None
        slots.update(step.slots)
    assert slots["repair_urgency"] == "normaal" and slots["repair_location"] == "zolder"
    result = repair_flow.repair_result(svc, content, turn("tenant-repair", slots=slots))
    assert result.reply is not None
    reference = re.search(r"R-2026-\d{6}", result.reply.text)
    assert reference is not None
    with Session(engine, future=True) as session:
        stored = {r.reference: r for r in OFFICE.repair_requests(session, "HC-100056")}
    assert stored[reference.group(0)].object_id == "cv-ketel"
    assert stored[reference.group(0)].description == "De ketel geeft storing E119"


def test_a_question_is_not_taken_for_the_room_or_the_description(svc: kernel.Services, content: Content) -> None:
    for slot, text in (("repair_location", "wat kost dat?"), ("repair_description", "Hoe lang duurt het?")):
        step = repair_flow.repair_input(svc, content, turn("tenant-ask", "nlu_fallback", text), slot, text)
        assert step.slots == {slot: None} and step.reply is not None
        assert step.reply.reply_name == "repair_question_in_form"
    for slot, text, kept in (("repair_location", "in de keuken?", "in de keuken?"),
                             ("repair_description", "De bel doet het niet, komt u snel?",
                              "De bel doet het niet, komt u snel?")):
        step = repair_flow.repair_input(svc, content, turn("tenant-ask", "nlu_fallback", text), slot, text)
        assert step.reply is None and str(step.slots[slot]).lower() == kept.lower()


def test_the_room_and_defect_said_with_the_object_are_not_asked_again(svc: kernel.Services,
                                                                      content: Content) -> None:
    text = "de verwarming in de woonkamer doet het niet"
    step = repair_flow.repair_input(svc, content, turn("tenant-heat", "nlu_fallback", text), "repair_object", text)
    assert step.reply is None and step.slots["repair_object"]
    assert step.slots["repair_location"] == "woonkamer" and step.slots["repair_description"] == text
    kept = repair_flow.repair_input(svc, content, turn("tenant-heat", "nlu_fallback", text,
                                                       slots={"repair_location": "zolder"}), "repair_object", text)
    assert "repair_location" not in kept.slots  # what the first message said stays


def test_emergency_stops_the_form_at_once(svc: kernel.Services, content: Content) -> None:
    step = repair_flow.repair_input(svc, content, turn("tenant-gas", "nlu_fallback", "ik ruik gas"), "repair_object",
                              "ik ruik gas")
    assert step.slots[kernel.REPAIR_OUTCOME] == "noodgeval:gas"
    assert all(step.slots[s] for s in kernel.REPAIR_SLOTS)  # every slot filled: the form ends now
    result = repair_flow.repair_result(svc, content, turn("tenant-gas", slots=step.slots))
    assert result.reply is not None and "0800-9009" in result.reply.text
    assert result.reply.metadata.topic == "emergency_repair"


def test_a_tenants_own_job_gets_the_honest_answer_not_a_request(svc: kernel.Services, content: Content) -> None:
    step = repair_flow.repair_input(svc, content, turn("tenant-job", "nlu_fallback", "wc-bril"), "repair_object",
                              "mijn wc bril is gebroken")
    assert step.slots[kernel.REPAIR_OUTCOME] == "geen-verzoek"
    result = repair_flow.repair_result(svc, content, turn("tenant-job", slots=step.slots))
    assert result.reply is not None and "geen reparatieverzoek" in result.reply.text
    assert result.reply.metadata.responsible_party == "huurder"


def test_a_report_whose_party_depends_says_how_to_report_it_still(svc: kernel.Services, content: Content) -> None:
    """QA, session 19: "ik wil melden dat er schimmel in de badkamer zit" got "Weet u de oorzaak niet? Meld het ons."
    and then only "Daarom maak ik hiervoor geen reparatieverzoek", with no way to report it."""
    text = "er zit schimmel in de badkamer"
    step = repair_flow.repair_input(svc, content, turn("tenant-mould", "nlu_fallback", text), "repair_object", text)
    assert step.slots[kernel.REPAIR_OUTCOME] == "geen-verzoek"
    result = repair_flow.repair_result(svc, content, turn("tenant-mould", slots=step.slots))
    assert result.reply is not None and "huurdersportaal" in result.reply.text and "088" in result.reply.text
    assert [b.payload for b in result.reply.buttons] == ["/human_handover"]


def test_database_down_gives_a_dutch_apology_with_the_phone_number(content: Content, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    down = create_engine("postgresql+psycopg2://nobody@127.0.0.1:9/none", future=True,
                         connect_args={"connect_timeout": 2})
    svc = kernel.Services(down, OFFICE, Lockout(MemoryLockoutStore()), v.OutboxNotifier(), "Europe/Amsterdam",
                         SECRET, AUDIENCE, clock=lambda: NOW)
    step = personal_questions.personal_request(svc, content, turn("down", "my_rent"))
    assert step.reply is not None and "storing" in step.reply.text and "088 - 000 12 34" in step.reply.text
    value = "HC-100007"
    checked = verification_flow.verification_input(svc, content, turn("down", "nlu_fallback", value),
                                                   "verification_contract", value)
    # The verification pauses: the apology, the answer not kept, the same question again next.
    assert checked.reply is not None and "088 - 000 12 34" in checked.reply.text
    assert checked.slots == {"verification_contract": None}
    logged = [r.getMessage() for r in caplog.records if r.name == "huurwijzer.conversation.kernel"]
    assert "tenancy.store_unavailable store=database error=OperationalError" in logged
    assert not any(value in line for line in logged)


def test_subscription_answer_says_whether_it_covers_the_repair(svc: kernel.Services, content: Content,
                                                               engine: Engine) -> None:
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number).limit(80)).scalars().all()
        with_sub = next(n for n in numbers if (s := OFFICE.subscription(session, n)) and s.active_on(NOW.date()))
        without = next(n for n in numbers if OFFICE.subscription(session, n) is None)
    question = "valt een lekkende kraan onder mijn abonnement"
    for sender, number, expected in (("sub-yes", with_sub, "valt onder uw abonnement"),
                                     ("sub-no", without, "U heeft geen Klusjesabonnement")):
        verify(svc, content, sender, holder(engine, number), pending="verify_identity")
        step = personal_questions.personal_request(svc, content, turn(sender, "my_subscription", question))
        assert step.reply is not None and expected in step.reply.text
        assert step.reply.metadata.knowledge_id == "repair/kraanleertje"


def test_a_new_session_ends_the_verification(svc: kernel.Services, content: Content, engine: Engine) -> None:
    verify(svc, content, "tenant-session", holder(engine, "HC-100063"))
    assert personal_questions.personal_request(svc, content, turn("tenant-session", "my_home")).reply is not None
    verification_flow.session_start(svc, turn("tenant-session", "greet"))
    assert personal_questions.personal_request(svc, content, turn("tenant-session", "my_home")).reply is None


def test_login_counter_unreachable_pauses_verification_instead_of_ending_it(svc: kernel.Services, content: Content,
                                                                           engine: Engine) -> None:
    """Redis (the login counter the action servers share) away in the middle of verification: the
    tenant hears the apology, the answer is not kept, and the form stays at the same question."""
    import dataclasses

    from bot.servers import free_port
    from huurwijzer.tenancy.lockout import RedisLockoutStore

    away = dataclasses.replace(svc, lockout=Lockout(RedisLockoutStore(f"redis://127.0.0.1:{free_port()}/0")))
    h = holder(engine, "HC-100014")
    step = verification_flow.verification_input(away, content, turn("redis-away", "nlu_fallback", h.contract_number),
                                    "verification_contract", h.contract_number)
    assert step.reply is not None and "088 - 000 12 34" in step.reply.text
    assert step.slots == {"verification_contract": None} and not step.end_form


def test_database_down_pauses_a_repair_report_at_the_same_question(content: Content) -> None:
    down = create_engine("postgresql+psycopg2://nobody@127.0.0.1:9/none", future=True,
                         connect_args={"connect_timeout": 2})
    svc = kernel.Services(down, OFFICE, Lockout(MemoryLockoutStore()), v.OutboxNotifier(), "Europe/Amsterdam",
                         SECRET, AUDIENCE, clock=lambda: NOW)
    step = repair_flow.repair_input(svc, content, turn("repair-down", "nlu_fallback", "de kraan druppelt"),
                              "repair_object", "de kraan druppelt")
    assert step.reply is not None and "088 - 000 12 34" in step.reply.text
    assert step.slots == {"repair_object": None} and not step.end_form
