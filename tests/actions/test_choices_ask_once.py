"""QA, session 19: "kraan kapot" as the repair form's first answer offers the tap's parts as buttons, and the form
then asked its own question ("Wat is er kapot of wat werkt er niet?") under them as well. The buttons ask it: the
question's action sends only the turn's metadata message after them."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.personal_actions import ASK_ACTIONS
from actions.sdk_turn import choices_offered_in_form
from huurwijzer.conversation import kernel
from huurwijzer.conversation.shared_names import REPAIR_FORM, REQUESTED_SLOT

TEXT = "kraan kapot"
BUTTONS = {"buttons": [{"title": "Het kraanleertje", "payload": "kraanleertje"},
                       {"title": "De kraan", "payload": "kraan-vervangen"}]}


def _form_run(*validation: Dict[str, Any]) -> List[Dict[str, Any]]:
    """The events the form's question action sees: the tenant's answer, the form, what its validation said."""
    return [{"event": "action", "name": REPAIR_FORM}, {"event": "bot", "text": "Wat is er kapot?", "data": {}},
            {"event": "action", "name": "action_listen"}, {"event": "user", "text": TEXT},
            {"event": "action", "name": REPAIR_FORM}, *validation]


def _asked(events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    latest = {"text": TEXT, "intent": {"name": "start_repair_report", "confidence": 0.6}, "entities": []}
    tracker = Tracker("choices-once", {REQUESTED_SLOT: "repair_object"}, latest, events, False, None,
                      {"name": REPAIR_FORM}, "")
    dispatcher = CollectingDispatcher()
    asyncio.run(ASK_ACTIONS["repair_object"]().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_after_the_buttons_the_question_is_not_asked_again(svc: kernel.Services) -> None:
    said = _asked(_form_run({"event": "bot", "text": "Wat bedoelt u precies?", "data": BUTTONS},
                            {"event": "slot", "name": "repair_object", "value": None}))
    assert [m for m in said if m.get("text") or m.get("buttons")] == []
    assert len([m for m in said if m.get("custom")]) == 1  # the turn's metadata message


def test_after_a_message_without_buttons_the_question_is_asked(svc: kernel.Services) -> None:
    said = _asked(_form_run({"event": "bot", "text": "Dat onderdeel herken ik niet.", "data": {}}))
    assert any("Wat is er kapot" in str(m.get("text")) for m in said)


def test_only_buttons_of_this_form_run_count() -> None:
    older = [{"event": "action", "name": REPAIR_FORM}, {"event": "bot", "text": "Kies", "data": BUTTONS},
             {"event": "user", "text": TEXT}, {"event": "action", "name": REPAIR_FORM}]
    assert not choices_offered_in_form(older, REPAIR_FORM)
    assert not choices_offered_in_form(older + [{"event": "bot", "data": BUTTONS}], "")
    assert choices_offered_in_form(older + [{"event": "bot", "data": BUTTONS}], REPAIR_FORM)
