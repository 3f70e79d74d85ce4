"""QA, session 16: "weet ik niet" where the login asked the contract number (or the postcode, the date of
birth, the WhatsApp code) stopped the login, and a question waiting for the login ("wat is mijn huur?")
was lost. It is an answer now: the tenant hears where to find it or how to reach a person, and the login
goes on with the same question; the waiting question stays."""

from __future__ import annotations

import pytest

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, verification_flow
from huurwijzer.conversation.shared_names import CODE_SLOT, VERIFICATION_SLOTS
from tests.huurwijzer.support import everything_said

HINTS = {"verification_contract": "bovenaan uw huurcontract", "verification_postcode": "postcode van de woning",
         "verification_birth_date": "geboortedatum van de huurder", CODE_SLOT: "WhatsApp-bericht"}


def _unsure(svc: kernel.Services, content: Content, slot: str, text: str = "weet ik niet") -> kernel.Step:
    waiting = {"requested_slot": slot, kernel.PENDING_REQUEST: "my_rent"}
    turn = kernel.Turn("unsure-at-login", "deny", 0.73, text, slots=waiting)
    return verification_flow.verification_input(svc, content, turn, slot, text)


@pytest.mark.parametrize("slot", [*VERIFICATION_SLOTS, CODE_SLOT])
@pytest.mark.parametrize("text", ["weet ik niet", "Ik weet het niet.", "geen idee"])
def test_dont_know_at_login_says_where_it_is_and_the_login_goes_on(svc: kernel.Services, content: Content,
                                                                    slot: str, text: str) -> None:
    step = _unsure(svc, content, slot, text)
    said = everything_said(step)
    assert HINTS[slot] in said and "088" in said and '"stop"' in said and "Ik stop" not in said
    assert step.slots == {slot: None} and not step.end_form  # the same question follows; nothing else changes
    assert kernel.PENDING_REQUEST not in step.slots and kernel.VERIFICATION_OUTCOME not in step.slots


def test_the_contract_hint_names_the_portal(svc: kernel.Services, content: Content) -> None:
    said = everything_said(_unsure(svc, content, "verification_contract"))
    assert content.profile.variables["huurdersportaal"] in said and "HC" in said


def test_english_dont_know_at_login(svc: kernel.Services, content: Content) -> None:
    english = in_language(content, ENGLISH)
    said = everything_said(_unsure(svc, english, "verification_postcode", "I don't know"))
    assert "postcode of the home you rent" in said and "Dat geeft niet" not in said
