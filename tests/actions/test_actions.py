"""The SDK actions send one reply plus exactly one metadata message."""

import asyncio
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ActionFallback, ActionHandover, ActionReply
from huurwijzer.conversation.shared_names import NOT_OURS_SUBJECT_KEY

# On the seeded test database (tests/actions/conftest.py), not the process-wide one in var/: a
# developer who chatted as this sender in English got English answers here (qa10).
pytestmark = pytest.mark.usefixtures("svc")


def tracker(text: str, intent: str, confidence: float, ranking: List[Dict[str, Any]] | None = None,
            entities: List[Dict[str, Any]] | None = None, suggested: bool = False,
            journey: bool = False) -> Tracker:
    latest = {"text": text, "intent": {"name": intent, "confidence": confidence},
              "intent_ranking": ranking or [{"name": intent, "confidence": confidence}],
              "entities": entities or []}
    slots = {"fallback_suggested": suggested, "onboarding_active": journey}
    return Tracker("t1", slots, latest, [], False, None, {}, "")


def run(action: Any, trk: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return dispatcher.messages, events


def metadata(messages: list[dict]) -> dict:
    customs = [m["custom"] for m in messages if m.get("custom")]
    assert len(customs) == 1
    return customs[0]


def test_reply_fills_profile_variables_and_labels_topic() -> None:
    messages, _ = run(ActionReply(), tracker("hoi", "greet", 0.97))
    assert "Woongoed Eemdal" in messages[0]["text"]
    assert [b["payload"] for b in messages[0]["buttons"]][0] == "/repair_responsibility"
    assert metadata(messages)["topic"] == "greeting"


def test_answer_sends_knowledge_text_and_id() -> None:
    messages, _ = run(ActionAnswerQuestion(), tracker("hoe zeg ik mijn huur op", "move_out", 0.93))
    assert "opzegtermijn" in messages[0]["text"]
    meta = metadata(messages)
    assert meta == {"topic": "move_out", "confidence": 0.93, "knowledge_id": "huur-opzeggen",
                    "responsible_party": None}


def test_handover_sends_a_contact_route() -> None:
    messages, _ = run(ActionHandover(), tracker("medewerker", "human_handover", 0.99))
    assert "088 - 000 12 34" in messages[0]["text"]
    assert metadata(messages)["topic"] == "human_handover"


def test_fallback_suggests_first_then_offers_a_person() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.35}, {"name": "parking", "confidence": 0.3},
               {"name": "move_out", "confidence": 0.2}]
    first, events = run(ActionFallback(), tracker("garage weg", "nlu_fallback", 0.35, ranking))
    assert first[0]["text"].startswith("Ik weet niet zeker")
    assert first[0]["buttons"][-1]["payload"] == "/deny"
    assert events[0]["value"] is True
    second, events = run(ActionFallback(), tracker("nee", "deny", 0.9, suggested=True))
    assert second[0]["text"].startswith("Sorry, ik kan uw vraag niet goed beantwoorden")
    assert events[0]["value"] is False


def test_empty_message_asks_for_a_question() -> None:
    messages, _ = run(ActionFallback(), tracker("", "nlu_fallback", 0.35, []))
    assert messages[0]["text"].startswith("Uw bericht was leeg")
    assert metadata(messages)["confidence"] == 0.0


def test_a_fallback_in_the_middle_of_the_journey_offers_the_way_back() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.35}, {"name": "parking", "confidence": 0.3}]
    for suggested in (False, True):
        messages, _ = run(ActionFallback(), tracker("garage weg", "nlu_fallback", 0.35, ranking,
                                                    suggested=suggested, journey=True))
        assert "/start_onboarding" in [b["payload"] for b in messages[0]["buttons"]]
        assert "kennismaking" in messages[0]["text"]
        outside, _ = run(ActionFallback(), tracker("garage weg", "nlu_fallback", 0.35, ranking, suggested=suggested))
        assert "/start_onboarding" not in [b["payload"] for b in outside[0].get("buttons") or []]


def test_small_talk_in_the_middle_of_the_journey_offers_the_way_back() -> None:
    """QA, session 16: "ok" or "👍" under a journey step got "Waar kan ik u mee helpen?" and nothing about
    the journey; the way back into it now follows, as after a question. Outside the journey it does not."""
    for text, intent in (("ok", "smalltalk"), ("bedankt", "thank")):
        messages, _ = run(ActionReply(), tracker(text, intent, 0.97, journey=True))
        assert "kennismaking" in messages[0]["text"]
        assert "/start_onboarding" in [b["payload"] for b in messages[0]["buttons"]]
        outside, _ = run(ActionReply(), tracker(text, intent, 0.97))
        assert "kennismaking" not in outside[0]["text"]
    goodbye, _ = run(ActionReply(), tracker("doei", "goodbye", 0.97, journey=True))
    assert "kennismaking" not in goodbye[0]["text"]


def test_out_of_scope_answers_with_the_subject_the_gate_named() -> None:
    """The parse result's not-ours subject (bot.nlu.gate) is the reply; the text is not matched again."""
    trk = tracker("Hoeveel hypotheek kan ik krijgen?", "out_of_scope", 0.8)
    trk.latest_message[NOT_OURS_SUBJECT_KEY] = "zorg-en-gezondheid"
    messages, _ = run(ActionReply(), trk)
    assert "zorg en gezondheid" in messages[0]["text"] and "hypotheek" not in messages[0]["text"]
    assert metadata(messages)["topic"] == "out_of_scope"
