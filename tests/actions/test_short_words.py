"""QA, session 16 (docs/notes.md, "Next (issue 15)"): short messages with the intent the trained model gave
them, through the SDK actions as Rasa calls them. "ok" under a journey step was small talk (the step's
"Verder" not taken), "terug" was a request for a person (in the journey it never reached "vorige stap"),
"woonkamer" alone answered subletting, "wat is een huismeester" (read as my_home) asked the tenant to log
in. The texts are QA's; each test failed on the old code."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ActionFallback, ActionHandover, ActionReply
from actions.personal_actions import ActionPersonal
from huurwijzer.conversation import journey_steps, kernel
from huurwijzer.conversation.journey_slots import ACTIVE

UNDER_A_STEP = [{"title": "Verder", "payload": journey_steps.NEXT_PAYLOAD},
                {"title": "Later verder", "payload": "/onboarding_stop"}]


def _tracker(text: str, intent: str, slots: Optional[Dict[str, Any]] = None,
             buttons: Optional[List[Dict[str, str]]] = None) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9},
                              "intent_ranking": [{"name": intent, "confidence": 0.9}], "entities": []}
    events: List[Dict[str, Any]] = [{"event": "user", "text": "eerder"},
                                    {"event": "bot", "text": "...", "data": {"buttons": buttons or []}},
                                    {"event": "user", "text": text, "parse_data": latest}]
    return Tracker("short-words", slots or {}, latest, events, False, None, {}, "")


def _run(action: Action, trk: Tracker) -> tuple[str, List[str], List[Dict[str, Any]]]:
    """The text, button payloads and events the action sent."""
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    text = "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))
    payloads = [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]
    return text, payloads, events


def _follows(events: List[Dict[str, Any]]) -> List[str]:
    return [e["name"] for e in events if e.get("event") == "followup"]


def test_ok_under_a_step_is_verder(svc: kernel.Services) -> None:
    for text in ("ok", "oké, duidelijk", "👍"):
        said, _, events = _run(ActionReply(), _tracker(text, "smalltalk", {ACTIVE: True}, UNDER_A_STEP))
        assert _follows(events) == [journey_steps.GO_ON] and not said, text  # was small talk and the way back
    # without the step's "Verder" (a question in between) "ok" gets the way back into the journey
    said, payloads, events = _run(ActionReply(), _tracker("ok", "smalltalk", {ACTIVE: True}))
    assert not _follows(events) and "/start_onboarding" in payloads


def test_ok_after_an_answer_is_read_not_thanked(svc: kernel.Services) -> None:
    said, _, _ = _run(ActionReply(), _tracker("ok", "smalltalk"))
    assert said.startswith("Fijn. Heeft u nog een andere vraag?")  # was "Dank u! Ik ben er om u te helpen ..."
    chat, _, _ = _run(ActionReply(), _tracker("hoe gaat het met je?", "smalltalk"))
    assert chat.startswith("Dank u!")


def test_back_in_the_journey_goes_to_the_step_before(svc: kernel.Services) -> None:
    said, _, events = _run(ActionHandover(), _tracker("terug", "human_handover", {ACTIVE: True}, UNDER_A_STEP))
    assert _follows(events) == [journey_steps.GO_ON] and "088" not in said  # was the contact route
    # below the threshold the fallback takes it there too
    _, _, events = _run(ActionFallback(), _tracker("terug", "nlu_fallback", {ACTIVE: True}, UNDER_A_STEP))
    assert _follows(events) == [journey_steps.GO_ON]


def test_back_outside_the_journey_is_the_start_with_a_person_one_button_away(svc: kernel.Services) -> None:
    said, payloads, events = _run(ActionHandover(), _tracker("terug", "human_handover"))
    assert said.startswith("U bent weer bij het begin") and "/human_handover" in payloads and not _follows(events)
    # asking for a person is still the contact route
    person, _, _ = _run(ActionHandover(), _tracker("ik wil een medewerker spreken", "human_handover"))
    assert "088 - 000 12 34" in person


def test_a_room_alone_asks_what_is_the_matter_with_it(svc: kernel.Services) -> None:
    said, payloads, _ = _run(ActionAnswerQuestion(), _tracker("woonkamer", "subletting"))
    assert said.startswith("Wat is er met de woonkamer?") and "/report_repair" in payloads  # was subletting
    said, _, _ = _run(ActionFallback(), _tracker("Keuken", "nlu_fallback"))
    assert said.startswith("Wat is er met de keuken?")
    # a room in a question keeps the classifier's reading
    rented, _, _ = _run(ActionAnswerQuestion(), _tracker("mag ik mijn woonkamer verhuren?", "subletting"))
    assert "Wat is er met" not in rented


def test_what_a_thing_is_read_as_personal_is_a_general_answer(svc: kernel.Services) -> None:
    """"wat is een huismeester" read as my_home asked the tenant to log in. A question what something is,
    read as a personal intent, gets the entry that fits it (the caretaker's entry is a draft: its phrasings
    failed the per-set rule, docs in knowledge/entries/huismeester.yml); the subscription shows the way."""
    said, _, _ = _run(ActionPersonal(), _tracker("wat is een serviceabonnement", "my_subscription"))
    assert "contractnummer" not in said and "abonnement" in said  # was the login's questions
    # the tenant's own subscription, and a thing no entry fits well, still need the login
    own, _, _ = _run(ActionPersonal(), _tracker("heb ik een serviceabonnement", "my_subscription"))
    assert "contractnummer" in own
    label, _, _ = _run(ActionPersonal(), _tracker("wat is een energielabel", "my_home"))
    assert "contractnummer" in label
