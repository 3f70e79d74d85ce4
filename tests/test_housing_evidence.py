"""Issue 15: a question about something else, put without conviction under a housing topic, is not answered
as that topic when it has none of the topic's words (huurwijzer.conversation.housing_evidence). Own phrasings."""

from __future__ import annotations

from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.housing_evidence import build, live_housing_words
from huurwijzer.conversation.understanding import FALLBACK_INTENT


def _ranking(top: str, confidence: float) -> list[dict[str, object]]:
    return [{"name": top, "confidence": confidence}, {"name": "out_of_scope", "confidence": 1.0 - confidence}]


def test_unsure_housing_topic_without_its_words_falls_back() -> None:
    # a GP, not a first step in the new home: the gate used to answer onboarding at 0.62
    decision = gate_decision("Welke huisarts in de wijk neemt patiënten aan?", _ranking("onboarding_first_steps", 0.62),
                             None, None, 0.5, live_housing_words())
    assert decision.intent == FALLBACK_INTENT


def test_housing_question_at_the_same_confidence_is_still_answered() -> None:
    decision = gate_decision("Is de huur al afgeschreven deze maand?", _ranking("rent_payment", 0.62), None, None, 0.5,
                             live_housing_words())
    assert (decision.intent, decision.reason) == ("rent_payment", "classifier")


def test_sure_answers_and_english_keep_their_topic() -> None:
    text, words = "Welke huisarts in de wijk neemt patiënten aan?", live_housing_words()
    assert gate_decision(text, _ranking("onboarding_first_steps", 0.8), None, None, 0.5, words).intent == \
        "onboarding_first_steps"
    english = "Which family doctor near here still takes new patients?"
    assert gate_decision(english, _ranking("onboarding_first_steps", 0.62), None, None, 0.5, words).intent == \
        "onboarding_first_steps"


def test_words_everyone_uses_are_no_evidence() -> None:
    words = build({"rent_payment": ["wanneer betaal ik de huur", "ik wil de huur betalen"],
                   "out_of_scope": ["wanneer is de markt", "ik wil een hypotheek"]})
    assert words.by_topic["rent_payment"] == {"huur", "betaal", "betalen"}
    assert not words.has_evidence("ik wil een hypotheek", "rent_payment")
    assert words.has_evidence("hoeveel is de huur", "rent_payment")
    assert words.has_evidence("ik wil een hypotheek", "out_of_scope")  # not a housing topic: nothing to check
