"""The login and repair forms take "weet ik niet" (read as "no", which the slot mappings leave out) as
the answer to the question asked, so the form is not stopped by the rules; other forms, other slots and a
plain "nee" are left to the mappings."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.journey_actions import ValidateOnboardingForm
from actions.personal_actions import ValidateRepairForm, ValidateVerificationForm


def _extracted(form: Any, slot: str, text: str, asked: str) -> Any:
    latest = {"text": text, "intent": {"name": "deny", "confidence": 0.73}, "entities": []}
    trk = Tracker("t1", {"requested_slot": asked}, latest, [], False, None, {}, "")
    return getattr(form, f"extract_{slot}")(CollectingDispatcher(), trk, {})


@pytest.mark.parametrize("slot", ["verification_contract", "verification_postcode", "verification_birth_date",
                                  "verification_code"])
def test_dont_know_is_the_login_answer(slot: str) -> None:
    assert _extracted(ValidateVerificationForm(), slot, "weet ik niet", slot) == {slot: "weet ik niet"}
    assert _extracted(ValidateVerificationForm(), slot, "nee", slot) == {}  # a no still stops the login
    other = "verification_postcode" if slot != "verification_postcode" else "verification_contract"
    assert _extracted(ValidateVerificationForm(), slot, "weet ik niet", other) == {}  # not the question asked


def test_dont_know_is_the_repair_answer() -> None:
    assert _extracted(ValidateRepairForm(), "repair_object", "geen idee", "repair_object") == \
        {"repair_object": "geen idee"}


def test_other_forms_leave_it_to_their_mappings() -> None:
    with pytest.raises(AttributeError):
        ValidateOnboardingForm().extract_pref_channel  # noqa: B018
