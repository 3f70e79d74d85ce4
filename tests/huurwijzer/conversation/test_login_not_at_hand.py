"""QA, session 21: a tenant who does not have or know what the login asks, in a sentence ("ik weet mijn
contractnummer niet", "waar vind ik mijn contractnummer?", "contractnummer kwijt") got "Dat lijkt geen
contractnummer" or "Die vraag onthoud ik. Als u bent ingelogd ...": they hear where to find it or how to reach a
person, as "weet ik niet" does, and the login goes on; a problem of its own is not taken for it."""

from __future__ import annotations

import pytest

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, verification_flow
from tests.huurwijzer.support import everything_said

CONTRACT = "verification_contract"


def _said(svc: kernel.Services, content: Content, text: str, intent: str = "my_rent", slot: str = CONTRACT) -> str:
    waiting = {"requested_slot": slot, kernel.PENDING_REQUEST: "my_rent"}
    turn = kernel.Turn("not-at-hand", intent, 0.6, text, slots=waiting)
    return everything_said(verification_flow.verification_input(svc, content, turn, slot, text))


@pytest.mark.parametrize("text", ["ik weet mijn contractnummer niet", "waar vind ik mijn contractnummer?",
                                  "ik heb geen contractnummer", "contractnummer kwijt", "heb ik niet"])
def test_not_having_the_contract_number_says_where_it_is(svc: kernel.Services, content: Content, text: str) -> None:
    said = _said(svc, content, text)
    assert "bovenaan uw huurcontract" in said and "088" in said
    assert "Dat lijkt geen" not in said and "onthoud ik" not in said


def test_in_english_too(svc: kernel.Services, content: Content) -> None:
    said = _said(svc, in_language(content, ENGLISH), "I don't know my postcode", slot="verification_postcode")
    assert "postcode of the home you rent" in said and "does not look like" not in said


@pytest.mark.parametrize("text", ["ik ben mijn sleutels kwijt en sta buiten", "sleutels kwijt", "I lost my keys",
                                  "mijn pas kwijt"])
def test_a_problem_of_its_own_is_not_taken_for_it(svc: kernel.Services, content: Content, text: str) -> None:
    # second round (lead, session 21): "sleutels kwijt" and "I lost my keys" were short enough to be taken for it
    said = _said(svc, content, text, intent="keys_locks")
    assert "bovenaan uw huurcontract" not in said


@pytest.mark.parametrize("text", ["weet ik het niet", "I don't know it", "nummer kwijt", "code vergeten",
                                  "waar vind ik dat"])
def test_short_answers_about_what_was_asked(text: str) -> None:
    assert verification_flow.not_at_hand(text)
