"""QA, session 15 (docs/notes.md, "Next (issue 15)"): short messages the classifier reads alone, read
against the answer just given or the onboarding journey (huurwijzer/conversation/in_context.py). Through
the SDK actions as Rasa calls them, with the intent the trained model gave each message; the texts are
QA's. Each test failed on the old code: the checklist, nuisance, buttons, lost keys."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ActionFallback
from actions.journey_actions import ActionOnboardingChecklist
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.conversation.journey_slots import ACTIVE


def _tracker(text: str, intent: str, previous: Optional[str], slots: Optional[Dict[str, Any]] = None) -> Tracker:
    """`text` read as `intent`, right after an answer with knowledge id `previous` (None: no answer before)."""
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.6},
                              "intent_ranking": [{"name": intent, "confidence": 0.6}], "entities": []}
    events: List[Dict[str, Any]] = []
    if previous is not None:
        events = [{"event": "user", "text": "eerder"},
                  {"event": "bot", "text": "...", "data": {"custom": {"topic": "x", "knowledge_id": previous}}}]
    events.append({"event": "user", "text": text, "parse_data": latest})
    return Tracker("in-context", slots or {}, latest, events, False, None, {}, "")


def _said(action: Action, trk: Tracker) -> tuple[str, Optional[str], List[str]]:
    """The text, knowledge id and button titles the action sent."""
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, trk, {}))
    text = "\n".join(m["text"] for m in dispatcher.messages if m.get("text"))
    custom = [m["custom"] for m in dispatcher.messages if m.get("custom")]
    buttons = [b["title"] for m in dispatcher.messages for b in m.get("buttons") or []]
    return text, (custom[-1].get("knowledge_id") if custom else None), buttons


def test_what_now_after_an_answer_is_about_that_answer(svc: kernel.Services) -> None:
    text, knowledge_id, _ = _said(ActionOnboardingChecklist(),
                                  _tracker("wat moet ik doen", "onboarding_checklist", "lekkage-spoed"))
    assert knowledge_id == "lekkage-spoed" and "Grote lekkage" in text and "hoofdkraan" in text


def test_what_now_without_an_answer_asks_what_it_is_about(svc: kernel.Services, content: Content) -> None:
    text, knowledge_id, buttons = _said(ActionOnboardingChecklist(),
                                        _tracker("wat moet ik doen", "onboarding_checklist", None))
    assert text.startswith("Waar gaat uw vraag over?") and knowledge_id is None
    assert buttons == ["Nieuwe huurder"]  # the checklist one click away


def test_in_the_journey_what_now_is_still_its_checklist(svc: kernel.Services, content: Content) -> None:
    text, _, _ = _said(ActionOnboardingChecklist(),
                       _tracker("wat moet ik doen", "onboarding_checklist", "lekkage-spoed", {ACTIVE: True}))
    assert "Grote lekkage" not in text and "Waar gaat uw vraag over" not in text


def test_neighbours_above_not_opening_after_the_leak_is_the_leak(svc: kernel.Services) -> None:
    text, knowledge_id, _ = _said(ActionAnswerQuestion(),
                                  _tracker("de bovenburen doen niet open", "nuisance", "lekkage-spoed"))
    assert knowledge_id == "lekkage-spoed" and "Doen ze niet open" in text
    # without the leak before it, or saying something new, it is nuisance as the classifier read it
    alone = _tracker("de bovenburen doen niet open", "nuisance", None)
    assert _said(ActionAnswerQuestion(), alone)[1] == "burenoverlast"
    assert _said(ActionAnswerQuestion(),
                 _tracker("de bovenburen maken veel lawaai", "nuisance", "lekkage-spoed"))[1] == "burenoverlast"


def test_the_tap_closed_after_the_gas_answer_is_the_gas(svc: kernel.Services) -> None:
    text, knowledge_id, buttons = _said(ActionFallback(),
                                        _tracker("ik heb de kraan dichtgedaan wat nu", "nlu_fallback", "gaslucht"))
    assert knowledge_id == "gaslucht" and "0800-9009" in text and not buttons


def test_another_danger_after_the_gas_answer_is_not_read_as_the_gas(svc: kernel.Services) -> None:
    fire = _tracker("ik heb de kraan dichtgedaan maar ruik brandlucht", "emergency_repair", "gaslucht")
    _, knowledge_id, _ = _said(ActionAnswerQuestion(), fire)
    assert knowledge_id == "brand"


def test_who_repairs_in_dialect_after_a_repair_answer(svc: kernel.Services) -> None:
    text, knowledge_id, buttons = _said(ActionFallback(),
                                        _tracker("wie mot dat make", "nlu_fallback", "repair/wc-verstopt"))
    assert knowledge_id == "repair/wc-verstopt" and "verstopte wc" in text and not buttons
    # with no answer before it there is nothing to point back at: the fallback's suggestions
    assert _said(ActionFallback(), _tracker("wie mot dat make", "nlu_fallback", None))[1] != "repair/wc-verstopt"


def test_keys_in_the_journey_are_the_key_handover(svc: kernel.Services) -> None:
    text, knowledge_id, _ = _said(ActionAnswerQuestion(),
                                  _tracker("hoe zit het met de sleutels?", "keys_locks", None, {ACTIVE: True}))
    assert knowledge_id == "eerste-huur-en-sleutel"
    # lost keys in the journey, and keys outside it, stay lost keys
    assert _said(ActionAnswerQuestion(),
                 _tracker("ik ben mijn sleutels kwijt", "keys_locks", None, {ACTIVE: True}))[1] == "sleutels-en-sloten"
    assert _said(ActionAnswerQuestion(),
                 _tracker("hoe zit het met de sleutels?", "keys_locks", None))[1] == "sleutels-en-sloten"
