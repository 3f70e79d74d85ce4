"""QA, session 22: a problem answered during the login ("er staat water in de keuken" where the postcode was asked)
left the turn's metadata to the login question that follows (knowledge_id null), so the thumbs and the console's
dashboard missed the answer given. The form's check marks its answer; the question after it carries its metadata."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.personal_actions import ASK_ACTIONS, ValidateVerificationForm
from huurwijzer.conversation import kernel
from huurwijzer.conversation.shared_names import ANSWERED_KEY, REQUESTED_SLOT, VERIFICATION_FORM

SLOT = "verification_postcode"
TEXT = "er staat water in de keuken"


def _tracker(events: List[Dict[str, Any]], intent: str = "emergency_repair") -> Tracker:
    latest = {"text": TEXT, "intent": {"name": intent, "confidence": 0.96}, "entities": []}
    slots = {REQUESTED_SLOT: SLOT, kernel.PENDING_REQUEST: "my_rent"}
    return Tracker("login-answered", slots, latest, events, False, None, {"name": VERIFICATION_FORM}, "")


def _run(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """The form's check of the answer, then its question: the messages as Rasa stores them (bot events)."""
    checked = CollectingDispatcher()
    validate = getattr(ValidateVerificationForm(), f"validate_{SLOT}")
    asyncio.run(validate(TEXT, checked, _tracker(events), {}))
    said = [{"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons")},
             "metadata": {k: v for k, v in m.items() if k.startswith("huurwijzer_")}} for m in checked.messages]
    asked = CollectingDispatcher()
    asyncio.run(ASK_ACTIONS[SLOT]().run(asked, _tracker([*events, *said]), {}))
    return said + [{"event": "bot", **m} for m in asked.messages]


def test_the_question_after_an_answer_carries_the_answers_metadata(svc: kernel.Services) -> None:
    messages = _run([{"event": "user", "text": TEXT}, {"event": "action", "name": VERIFICATION_FORM}])
    assert any("hoofdkraan" in str(m.get("text")) for m in messages)  # the answer, then the question again
    assert any(ANSWERED_KEY in (m.get("metadata") or {}) for m in messages)
    customs = [m["custom"] for m in messages if m.get("custom")]
    assert len(customs) == 1 and customs[0]["knowledge_id"] == "lekkage-spoed"
    assert customs[0]["topic"] == "emergency_repair"


def test_an_answer_of_an_earlier_turn_does_not_count(svc: kernel.Services) -> None:
    earlier = [{"event": "bot", "text": "antwoord", "metadata": {ANSWERED_KEY: {"knowledge_id": "oud"}}},
               {"event": "user", "text": "3811 AB"}, {"event": "action", "name": VERIFICATION_FORM}]
    asked = CollectingDispatcher()
    asyncio.run(ASK_ACTIONS["verification_birth_date"]().run(asked, _tracker(earlier, "nlu_fallback"), {}))
    customs = [m["custom"] for m in asked.messages if m.get("custom")]
    assert len(customs) == 1 and customs[0]["knowledge_id"] is None
