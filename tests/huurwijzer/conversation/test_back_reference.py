"""QA, session 16: "wie moet dat betalen" right after the answer for a big leak got "this part is not in
our repair list". A who-repairs question that names no part but points back ("dat", "het", "that") is
read against the previous answer's subject; with none, the assistant asks what it is about."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation.answering import answer_variants
from huurwijzer.conversation.back_reference import answer_in_fallback, previous_subject, read_against_previous
from huurwijzer.conversation.reply import AnswerMetadata, Reply

NOT_IN_LIST = "niet in onze onderhoudslijst"


def _answer(content: Content, question: str, previous: str | None) -> Reply:
    reply, _ = answer_variants(content, "repair_responsibility", 0.8, question, None)
    return read_against_previous(content, reply, question, previous)


def _turn(text: str, knowledge_id: str | None) -> List[Dict[str, Any]]:
    return [{"event": "user", "text": text},
            {"event": "bot", "text": "...", "data": {"custom": None}},
            {"event": "bot", "data": {"custom": {"topic": "x", "knowledge_id": knowledge_id}}}]


def test_the_old_answer_said_the_part_is_not_in_the_list(content: Content) -> None:
    reply, _ = answer_variants(content, "repair_responsibility", 0.8, "wie moet dat betalen", None)
    assert NOT_IN_LIST in reply.text  # what the tenant got; read_against_previous replaces it


@pytest.mark.parametrize(("previous", "object_id"), [("lekkage-spoed", "waterleiding"), ("gaslucht", "gasleiding"),
                                                     ("repair/dakgoot-lek", "dakgoot-lek")])
def test_a_question_pointing_back_is_read_against_the_previous_answer(content: Content, previous: str,
                                                                     object_id: str) -> None:
    reply = _answer(content, "wie moet dat betalen?", previous)
    assert NOT_IN_LIST not in reply.text and "Ik lees uw vraag als een vraag over" in reply.text
    assert reply.metadata.knowledge_id == f"repair/{object_id}"


@pytest.mark.parametrize("previous", [None, "brand", "huur-betalen", "repair/bestaat-niet"])
def test_without_a_subject_the_assistant_asks_what_it_is_about(content: Content, previous: str | None) -> None:
    reply = _answer(content, "wie betaalt dat", previous)
    assert NOT_IN_LIST not in reply.text and "Waar gaat uw vraag over" in reply.text
    assert reply.metadata.topic == "repair_responsibility" and reply.metadata.knowledge_id is None


def test_a_question_naming_an_unknown_part_still_hears_it_is_not_in_the_list(content: Content) -> None:
    reply = _answer(content, "wie repareert mijn aquarium", "lekkage-spoed")
    assert NOT_IN_LIST in reply.text  # no word pointing back: the honest answer stays


def test_the_texts_have_english_twins(content: Content) -> None:
    english = in_language(content, ENGLISH)
    reply = read_against_previous(english, Reply("x", AnswerMetadata("repair_responsibility", 0.8), "repair_unknown"),
                                  "who pays for that", "lekkage-spoed")
    assert reply.text.startswith('I read your question as a question about "Big leak".')


def test_the_previous_subject_is_the_answer_just_before_the_latest_message() -> None:
    latest = [{"event": "user", "text": "wie moet dat betalen"}, {"event": "action", "name": "action_x"}]
    assert previous_subject(_turn("help water", "lekkage-spoed") + latest) == "lekkage-spoed"
    assert previous_subject(_turn("a", "lekkage-spoed") + _turn("hallo", None) + latest) is None
    assert previous_subject(latest) is None


ENGLISH_POINTING_BACK = ["who pays for that?", "who has to fix that?", "whose job is that?", "Who pays for it"]


@pytest.mark.parametrize("question", ENGLISH_POINTING_BACK)
def test_an_english_question_pointing_back_is_read_against_the_previous_answer(content: Content,
                                                                               question: str) -> None:
    english = in_language(content, ENGLISH)
    reply = _answer(english, question, "lekkage-spoed")
    assert reply.text.startswith('I read your question as a question about "Big leak".')
    assert reply.metadata.knowledge_id == "repair/waterleiding" and "The law sets out" not in reply.text


def test_an_english_question_without_a_subject_keeps_the_general_answer(content: Content) -> None:
    english = in_language(content, ENGLISH)
    general, _ = answer_variants(english, "repair_responsibility", 0.8, "who pays for that?", None)
    assert _answer(english, "who pays for that?", None) == general
    assert _answer(english, "who pays for that?", "brand") == general  # a subject without a part
    long = "who has to pay for it when something in my house breaks down after a storm"
    assert _answer(english, long, "lekkage-spoed").metadata.knowledge_id != "repair/waterleiding"


@pytest.mark.parametrize("question", ENGLISH_POINTING_BACK)
def test_a_question_the_classifier_could_not_place_is_read_against_the_previous_answer(
        content: Content, question: str) -> None:
    english = in_language(content, ENGLISH)
    reply = answer_in_fallback(english, question, "gaslucht", 0.55)
    assert reply is not None and reply.text.startswith("I read your question as a question about")
    assert reply.metadata.knowledge_id == "repair/gasleiding"
    dutch = answer_in_fallback(content, "wie betaalt dat?", "gaslucht", 0.55)
    assert dutch is not None and dutch.text.startswith("Ik lees uw vraag als een vraag over")


@pytest.mark.parametrize(("question", "previous"), [
    ("who pays for that?", None), ("what does that mean?", "gaslucht"), ("who pays for my aquarium?", "gaslucht"),
    ("who fixes the tap?", "gaslucht"), ("/repair_responsibility", "gaslucht")])
def test_the_fallback_keeps_other_messages(content: Content, question: str, previous: str | None) -> None:
    english = in_language(content, ENGLISH)
    assert answer_in_fallback(english, question, previous, 0.55) is None
