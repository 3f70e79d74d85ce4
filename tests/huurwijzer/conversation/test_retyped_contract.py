"""A contract number typed again after a failed login ("HC-100021", read as verify_identity) starts
the login with that number: the form asks for the postcode and the date of birth, not the number
again (docs/notes.md, Session 13: nluqa left)."""

from __future__ import annotations

from typing import Any, Dict

from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, verification_flow
from huurwijzer.conversation.shared_names import RECEIVED, VERIFICATION_SLOTS
from huurwijzer.tenancy import verification as v
from tests.huurwijzer.support import everything_said, holder, turn


def _form(svc: kernel.Services, content: Content, sender: str, state: Dict[str, Any],
          answers: Dict[str, str]) -> Dict[str, Any]:
    """The form as Rasa runs it: a slot filled before it started is validated first, then the rest
    are asked in order; returns the slots at the end."""
    state = dict(state)
    for slot in VERIFICATION_SLOTS:
        value = state.get(slot) or answers.get(slot)
        assert value is not None, f"the form asks for {slot}"
        step = verification_flow.verification_input(svc, content, turn(sender, "nlu_fallback", value), slot, value)
        assert step.reply is None, f"{slot}: {step.reply}"
        state.update(step.slots)
    return state


def test_a_retyped_contract_number_is_not_asked_again(svc: kernel.Services, content: Content,
                                                      engine: Engine) -> None:
    h = holder(engine, "HC-100021")
    first = personal_questions.personal_request(
        svc, content, turn("retyped", kernel.VERIFY, f"sorry, verkeerd getypt: {h.contract_number.lower()}"))
    assert first.slots[kernel.NEXT_STEP] == "verify"
    assert first.slots[VERIFICATION_SLOTS[0]] == RECEIVED  # the form will not ask for it
    said = everything_said(first)  # nor does the intro say it will (session 14)
    assert "uw contractnummer heb ik" in said and "drie gegevens" not in said
    state = _form(svc, content, "retyped", first.slots, {
        "verification_postcode": h.postcode, "verification_birth_date": f"{h.date_of_birth:%d-%m-%Y}"})
    assert state[kernel.VERIFICATION_OUTCOME] == v.Outcome.VERIFIED.value
    result = verification_flow.verification_result(svc, content, turn("retyped", "nlu_fallback", slots=state))
    assert "U bent nu ingelogd" in everything_said(result)


def test_ik_wil_inloggen_still_asks_for_the_number(svc: kernel.Services, content: Content) -> None:
    first = personal_questions.personal_request(svc, content, turn("plain-login", kernel.VERIFY, "ik wil inloggen"))
    assert first.slots[VERIFICATION_SLOTS[0]] is None
    assert "drie gegevens" in everything_said(first)


def test_the_placeholder_is_no_number_of_its_own(svc: kernel.Services, content: Content) -> None:
    # typed as the answer to the number question without a number given before: not accepted
    personal_questions.personal_request(svc, content, turn("typed-placeholder", kernel.VERIFY, "inloggen"))
    step = verification_flow.verification_input(svc, content, turn("typed-placeholder", "nlu_fallback", RECEIVED),
                                                VERIFICATION_SLOTS[0], RECEIVED)
    assert step.slots == {VERIFICATION_SLOTS[0]: None} and step.reply is not None


def test_a_wrong_retyped_number_fails_like_any_wrong_answer(svc: kernel.Services, content: Content,
                                                            engine: Engine) -> None:
    h = holder(engine, "HC-100021")
    first = personal_questions.personal_request(svc, content, turn("retyped-wrong", kernel.VERIFY, "HC-999991"))
    state = _form(svc, content, "retyped-wrong", first.slots, {
        "verification_postcode": h.postcode, "verification_birth_date": f"{h.date_of_birth:%d-%m-%Y}"})
    assert state[kernel.VERIFICATION_OUTCOME] == v.Outcome.FAILED.value
