"""A message that names a subject staff listed as not ours (knowledge/niet-van-ons/) is out of scope and gets
that subject's answer, unless it clearly is about our own subject (huurwijzer.conversation.not_ours_gate)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel
from huurwijzer.conversation.basic_reply_turn import reply_to_basic_intent
from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.understanding import FALLBACK_INTENT, Decision
from tests.huurwijzer.support import turn

MORTGAGE = "Hoeveel hypotheek kan ik krijgen als ik een huis wil kopen?"


def _ranking(intent: str, confidence: float) -> list[dict[str, object]]:
    return [{"name": intent, "confidence": confidence}, {"name": "out_of_scope", "confidence": 1 - confidence}]


def _decision(content: Content, text: str, intent: str, confidence: float) -> Decision:
    return gate_decision(text, _ranking(intent, confidence), content.repairs, content.emergencies, 0.5, None,
                         content.not_ours)


def _decide(content: Content, text: str, intent: str, confidence: float) -> tuple[str, str]:
    decided = _decision(content, text, intent, confidence)
    return decided.intent, decided.reason


def _gate_turn(content: Content, sender: str, text: str, **extra: Any) -> kernel.Turn:
    """The turn the action server reads: the gate's decision, with the subject it matched (sdk_turn.turn_from)."""
    decided = _decision(content, text, "rent_payment", 0.7)
    return turn(sender, decided.intent, text, not_ours_subject=decided.subject, **extra)


def test_a_subject_not_ours_is_out_of_scope_instead_of_a_topic(content: Content) -> None:
    assert _decide(content, MORTGAGE, "rent_payment", 0.7) == ("out_of_scope", "not_ours")


def test_a_subject_not_ours_is_out_of_scope_instead_of_a_fallback(content: Content) -> None:
    assert _decide(content, MORTGAGE, "rent_payment", 0.3) == ("out_of_scope", "not_ours")


def test_a_sure_topic_answer_stays(content: Content) -> None:
    assert _decide(content, MORTGAGE, "rent_payment", 0.95)[0] == "rent_payment"


def test_an_exception_keeps_the_topic(content: Content) -> None:
    assert _decide(content, "Kan ik mijn huurwoning kopen? Hoe gaat dat?", "rent_payment", 0.7)[0] == "rent_payment"


def test_a_long_letter_naming_the_subject_only_in_its_story_stays_ours(content: Content) -> None:
    letter = ("Goedemiddag, ik woon al tien jaar in de flat aan de Dorpsstraat en werk in ploegendienst. Mijn "
              "werkgever gaf me vorige week een dag vrij omdat de monteur zou komen om de kapotte kraan in de "
              "keuken te repareren, maar er kwam niemand en ik heb ook niets meer gehoord van jullie. "
              "Wanneer komt de monteur nu wel?")
    assert _decide(content, letter, "report_repair", 0.6)[0] == "report_repair"
    assert _decide(content, letter, "report_repair", 0.3)[0] == FALLBACK_INTENT


def test_a_danger_to_life_is_never_taken_back(content: Content) -> None:
    text = "Ik ruik gas bij de meterkast, moet ik mijn zorgverzekering bellen?"
    assert _decide(content, text, "emergency_repair", 0.6)[0] == "emergency_repair"


def test_the_reply_is_the_subjects_answer(svc: kernel.Services, content: Content) -> None:
    outcome = reply_to_basic_intent(svc, content, _gate_turn(content, "not-ours-1", MORTGAGE))
    assert outcome.reply is not None
    assert "hypotheekadviseur" in outcome.reply.text and outcome.reply.metadata.topic == "out_of_scope"


def test_the_reply_is_in_english_for_an_english_conversation(svc: kernel.Services, content: Content) -> None:
    outcome = reply_to_basic_intent(svc, content, _gate_turn(content, "not-ours-2", "How much mortgage can I get?",
                                                             language=ENGLISH))
    assert outcome.reply is not None and "mortgage adviser" in outcome.reply.text


def test_other_out_of_scope_questions_keep_the_general_reply(svc: kernel.Services, content: Content) -> None:
    outcome = reply_to_basic_intent(svc, content, turn("not-ours-3", "out_of_scope", "Wie wint het WK voetbal?"))
    general = in_language(content, "nl").replies["out_of_scope"].text.split("{")[0]
    assert outcome.reply is not None and outcome.reply.text.startswith(general)


def test_the_gates_decision_names_the_subject_it_matched(content: Content) -> None:
    assert _decision(content, MORTGAGE, "rent_payment", 0.7).subject == "hypotheek-huis-kopen"
    # The classifier's own out-of-scope reading gets the subject too (its reply is the subject's answer).
    assert _decision(content, MORTGAGE, "out_of_scope", 0.8) == Decision("out_of_scope", 0.8, "classifier",
                                                                          "hypotheek-huis-kopen")
    assert _decision(content, "Wie wint het WK voetbal?", "out_of_scope", 0.8).subject is None
    assert _decision(content, MORTGAGE, "rent_payment", 0.95).subject is None  # ours: no subject


def test_the_reply_uses_the_gates_match_without_matching_again(svc: kernel.Services, content: Content) -> None:
    """The action server answers with the subject the gate matched (its parse result), not a second match of
    the text: a subject staff removed since the parse gets the general reply."""
    health = next(s for s in content.not_ours if s.id == "zorg-en-gezondheid")
    outcome = reply_to_basic_intent(svc, content, turn("not-ours-4", "out_of_scope", MORTGAGE,
                                                       not_ours_subject=health.id))
    assert outcome.reply is not None and outcome.reply.text.split()[:4] == health.answer.split()[:4]
    removed = replace(content, not_ours=tuple(s for s in content.not_ours if s.id != "hypotheek-huis-kopen"))
    outcome = reply_to_basic_intent(svc, removed, turn("not-ours-5", "out_of_scope", MORTGAGE,
                                                       not_ours_subject="hypotheek-huis-kopen"))
    general = in_language(content, "nl").replies["out_of_scope"].text.split("{")[0]
    assert outcome.reply is not None and outcome.reply.text.startswith(general)
