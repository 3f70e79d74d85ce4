"""A message that names a subject staff listed as not ours (knowledge/niet-van-ons/) is out of scope and gets
that subject's answer, unless it clearly is about our own subject (huurwijzer.conversation.not_ours_gate)."""

from __future__ import annotations

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel
from huurwijzer.conversation.basic_reply_turn import reply_to_basic_intent
from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.understanding import FALLBACK_INTENT
from tests.huurwijzer.support import turn

MORTGAGE = "Hoeveel hypotheek kan ik krijgen als ik een huis wil kopen?"


def _ranking(intent: str, confidence: float) -> list[dict[str, object]]:
    return [{"name": intent, "confidence": confidence}, {"name": "out_of_scope", "confidence": 1 - confidence}]


def _decide(content: Content, text: str, intent: str, confidence: float) -> tuple[str, str]:
    decided = gate_decision(text, _ranking(intent, confidence), content.repairs, content.emergencies, 0.5, None,
                            content.not_ours)
    return decided.intent, decided.reason


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
    outcome = reply_to_basic_intent(svc, content, turn("not-ours-1", "out_of_scope", MORTGAGE))
    assert outcome.reply is not None
    assert "hypotheekadviseur" in outcome.reply.text and outcome.reply.metadata.topic == "out_of_scope"


def test_the_reply_is_in_english_for_an_english_conversation(svc: kernel.Services, content: Content) -> None:
    outcome = reply_to_basic_intent(svc, content, turn("not-ours-2", "out_of_scope", "How much mortgage can I get?",
                                                        language=ENGLISH))
    assert outcome.reply is not None and "mortgage adviser" in outcome.reply.text


def test_other_out_of_scope_questions_keep_the_general_reply(svc: kernel.Services, content: Content) -> None:
    outcome = reply_to_basic_intent(svc, content, turn("not-ours-3", "out_of_scope", "Wie wint het WK voetbal?"))
    general = in_language(content, "nl").replies["out_of_scope"].text.split("{")[0]
    assert outcome.reply is not None and outcome.reply.text.startswith(general)
