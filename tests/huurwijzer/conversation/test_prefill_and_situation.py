"""What the first message said fills the repair form, and a verified tenant's general question
about rent, repairs or the subscription starts with their own situation."""

from __future__ import annotations

from typing import Any, Dict

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.dutch_format import format_money
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, repair_flow, verification_flow
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.repair_details import details, room, urgency
from tests.huurwijzer.support import NOW, OFFICE, contract_in_seed, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


@pytest.mark.parametrize(("text", "expected"), [
    ("de kraan in de badkamer lekt", "badkamer"),
    ("In de KEUKEN druppelt de kraan", "keuken"),
    ("het raam van de kinderslaapkamer sluit niet", "slaapkamer"),
    ("de wc loopt door", "toilet"),
    ("mijn deurbel doet het niet", None),
])
def test_room_is_read_from_the_message(text: str, expected: str) -> None:
    assert room(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("het is dringend", "spoed"), ("graag zo snel mogelijk", "spoed"), ("niet dringend hoor", "normaal"),
    ("het kan een paar dagen wachten", "normaal"), ("ik wacht al weken op een monteur", None),
    ("de kraan lekt", None),
    # the form asks in English in an English conversation (knowledge/languages.yml)
    ("it can wait a few days", "normaal"), ("it is not urgent", "normaal"), ("It is urgent", "spoed"),
])
def test_only_explicit_words_say_how_urgent(text: str, expected: str) -> None:
    assert urgency(text) == expected


def test_a_message_that_only_asks_to_report_fills_nothing(content: Content) -> None:
    assert details("ik wil een reparatie melden", content.repairs).slots() == dict.fromkeys(kernel.REPAIR_SLOTS)


def _form_asks(svc: kernel.Services, content: Content, sender: str, slots: Dict[str, Any]) -> list[str]:
    """Validates the prefilled slots as the form does when it starts; returns what it still asks."""
    state = dict(slots)
    for slot in kernel.REPAIR_SLOTS:
        if state.get(slot):
            step = repair_flow.repair_input(svc, content, turn(sender, "start_repair_report", slots=state), slot,
                                      state[slot])
            assert step.reply is None, f"{slot} {state[slot]!r}: {step.reply}"
            state.update(step.slots)
    return [s for s in kernel.REPAIR_SLOTS if not state.get(s)]


def test_first_message_fills_object_room_and_description(svc: kernel.Services, content: Content,
                                                         engine: Engine) -> None:
    verify(svc, content, "prefill-1", holder(engine, "HC-100056"))
    start = personal_questions.personal_request(svc, content, turn(
        "prefill-1", "start_repair_report", "Ik wil een reparatie melden: het raamkozijn in de slaapkamer is verrot"))
    assert start.slots[kernel.NEXT_STEP] == "repair_form"
    assert start.slots["repair_object"] == "kozijn" and start.slots["repair_location"] == "slaapkamer"
    assert start.slots["repair_description"] == "het raamkozijn in de slaapkamer is verrot"
    assert _form_asks(svc, content, "prefill-1", start.slots) == ["repair_urgency"]


def test_a_short_request_leaves_every_question_to_the_form(svc: kernel.Services, content: Content,
                                                           engine: Engine) -> None:
    verify(svc, content, "prefill-2", holder(engine, "HC-100056"))
    start = personal_questions.personal_request(svc, content,
                                                turn("prefill-2", "start_repair_report", "reparatie melden"))
    assert _form_asks(svc, content, "prefill-2", start.slots) == list(kernel.REPAIR_SLOTS)


def test_what_was_said_survives_verification(svc: kernel.Services, content: Content, engine: Engine) -> None:
    first = personal_questions.personal_request(svc, content, turn(
        "prefill-3", "start_repair_report", "de cv-ketel in de keuken geeft een storing, het is dringend"))
    assert first.slots[kernel.NEXT_STEP] == "verify"
    h = holder(engine, "HC-100056")
    answers = {"verification_contract": h.contract_number, "verification_postcode": h.postcode,
               "verification_birth_date": f"{h.date_of_birth:%d-%m-%Y}"}
    state: Dict[str, Any] = dict(first.slots)
    for slot, value in answers.items():
        state.update(verification_flow.verification_input(svc, content, turn("prefill-3", "nlu_fallback", value), slot,
                                              value).slots)
    result = verification_flow.verification_result(svc, content, turn("prefill-3", "nlu_fallback", slots=state))
    assert result.slots[kernel.NEXT_STEP] == "repair_form"
    assert result.slots["repair_object"] == "cv-ketel" and result.slots["repair_location"] == "keuken"
    assert result.slots["repair_urgency"] == "spoed" and "storing" in result.slots["repair_description"]
    assert _form_asks(svc, content, "prefill-3", result.slots) == []


# --- answers use what we know ---------------------------------------------------------------

def _ask(svc: kernel.Services, content: Content, sender: str, text: str, topic: str = "rent_payment") -> Any:
    general = answer_question(content, topic, 0.9, text, None, personal_offer=False)
    return personal_questions.with_own_situation(svc, content, turn(sender, topic, text), general)


def test_verified_tenant_without_arrears_hears_their_own_status(svc: kernel.Services, content: Content,
                                                                 engine: Engine) -> None:
    verify(svc, content, "own-1", holder(engine, contract_in_seed(engine, arrears=False)))
    reply = _ask(svc, content, "own-1", "heb ik een achterstand?")
    assert reply is not None
    assert "U heeft geen betalingsachterstand" in reply.text
    assert "Fijn dat u het meldt" not in reply.text
    assert reply.metadata.topic == "rent_payment"


def test_verified_tenant_with_arrears_hears_the_amount_first(svc: kernel.Services, content: Content,
                                                             engine: Engine) -> None:
    number = contract_in_seed(engine, arrears=True)
    with Session(engine, future=True) as session:
        status = OFFICE.rent_status(session, number, NOW.date())
    assert status is not None
    verify(svc, content, "own-2", holder(engine, number))
    reply = _ask(svc, content, "own-2", "heb ik een achterstand?")
    assert reply is not None and reply.text.index(f"Er staat nog {format_money(status.arrears)} open") < 200


def test_other_rent_questions_get_own_status_then_the_general_answer(svc: kernel.Services, content: Content,
                                                                     engine: Engine) -> None:
    verify(svc, content, "own-3", holder(engine, contract_in_seed(engine, arrears=False)))
    reply = _ask(svc, content, "own-3", "hoe kan ik de huur betalen?")
    assert reply is not None
    own, general = reply.text.split("Algemene informatie:")
    assert "kale huur" in own and "geen betalingsachterstand" in own and general.strip()
    assert "Mijn huur" not in [b.title for b in reply.buttons]  # no offer of what is already shown


def test_unverified_tenant_gets_the_general_answer(svc: kernel.Services, content: Content) -> None:
    assert _ask(svc, content, "own-anonymous", "heb ik een achterstand?") is None
    general = answer_question(content, "rent_payment", 0.9, "heb ik een achterstand?", None)
    assert "Neem zo snel mogelijk contact" in general.text and "Mijn huur" in [b.title for b in general.buttons]


def test_verified_tenant_asking_about_repairs_sees_their_requests(svc: kernel.Services, content: Content,
                                                                  engine: Engine) -> None:
    verify(svc, content, "own-4", holder(engine, "HC-100056"))
    reply = _ask(svc, content, "own-4", "hoe lang duurt een reparatie?", topic="report_repair")
    assert reply is not None
    assert reply.text.startswith(("Uw reparatieverzoeken", "Er staan geen reparatieverzoeken"))
