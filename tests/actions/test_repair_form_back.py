"""action_stop_form for "terug" or "niet dringend" in the repair form (QA, session 18): the form goes on at once
(FollowupAction), it is not ended."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.personal_actions import ActionStopForm
from huurwijzer.conversation import kernel
from huurwijzer.conversation.shared_names import REPAIR_FORM, REQUESTED_SLOT


def _tracker(text: str, intent: str, **slots: Any) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.6},
              "intent_ranking": [{"name": intent, "confidence": 0.6}], "entities": []}
    return Tracker("form-back", slots, latest, [{"event": "user", "text": text}], False, None,
                   {"name": REPAIR_FORM} if REQUESTED_SLOT in slots else {}, "")


def _events(action: Any, tracker: Tracker) -> List[Dict[str, Any]]:
    return asyncio.run(action.run(CollectingDispatcher(), tracker, {}))


@pytest.mark.parametrize(("text", "intent", "asked"), [("terug", "human_handover", "repair_description"),
                                                       ("niet dringend", "deny", "repair_urgency")])
def test_the_form_goes_on_instead_of_stopping(svc: kernel.Services, text: str, intent: str, asked: str) -> None:
    filled = {"repair_object": "raam", "repair_location": "slaapkamer", "repair_description": "sluit niet goed"}
    events = _events(ActionStopForm(), _tracker(text, intent, **{REQUESTED_SLOT: asked}, **filled))
    assert [e["name"] for e in events if e["event"] == "followup"] == [REPAIR_FORM]
    assert not any(e["event"] == "active_loop" for e in events)


def test_asking_for_a_person_still_ends_the_form(svc: kernel.Services) -> None:
    events = _events(ActionStopForm(), _tracker("medewerker", "human_handover", **{REQUESTED_SLOT: "repair_location"}))
    assert [e["name"] for e in events if e["event"] == "active_loop"] == [None]
    assert not any(e["event"] == "followup" for e in events)


@pytest.mark.parametrize(("text", "intent"), [("vorige vraag", "nlu_fallback"), ("terug", "verify_identity")])
def test_back_read_as_an_answer_asks_the_question_before(svc: kernel.Services, text: str, intent: str) -> None:
    """Live: "vorige vraag" at the date of birth was not read as asking for a person, so the form took it as
    the date ("Die datum herken ik niet"); the form's validation goes back one question itself."""
    from actions.personal_actions import ValidateRepairForm, ValidateVerificationForm

    repair = _tracker(text, intent, **{REQUESTED_SLOT: "repair_description"}, repair_object="raam")
    said = asyncio.run(ValidateRepairForm().validate_repair_description(text, CollectingDispatcher(), repair, {}))
    assert said == {"repair_location": None, "repair_description": None}
    login = _tracker(text, intent, **{REQUESTED_SLOT: "verification_birth_date"})
    said = asyncio.run(ValidateVerificationForm().validate_verification_birth_date(text, CollectingDispatcher(),
                                                                                   login, {}))
    assert said == {"verification_postcode": None, "verification_birth_date": None}


@pytest.mark.parametrize("text", ["mijn reparaties", "hoe staat mijn melding"])
def test_a_request_at_the_first_question_finishes_the_report_first(svc: kernel.Services, text: str) -> None:
    """qa10: at "Wat is er kapot?" a request got "Dat onderdeel herken ik niet"; the room and description
    questions said "Eerst maken we de melding af". The first question says so too now."""
    from actions.personal_actions import ValidateRepairForm

    latest = {"text": text, "intent": {"name": "my_repairs", "confidence": 0.97},
              "intent_ranking": [{"name": "my_repairs", "confidence": 0.97}], "entities": []}
    tracker = Tracker("form-request", {REQUESTED_SLOT: "repair_object"}, latest, [{"event": "user", "text": text}],
                      False, None, {"name": REPAIR_FORM}, "")
    dispatcher = CollectingDispatcher()
    said = asyncio.run(ValidateRepairForm().validate_repair_object(text, dispatcher, tracker, {}))
    assert said == {"repair_object": None}
    shown = " ".join(str(m.get("text") or m.get("response") or "") for m in dispatcher.messages)
    assert "Eerst maken we de melding af" in shown and "herken ik niet" not in shown
