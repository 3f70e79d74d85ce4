"""A tenant who says they are afraid (QA, session 19: "ik ben echt bang" got only "Ik weet niet zeker wat u
bedoelt" and topics): the reply acknowledges it and says what to do now, with the likely topics under it."""

from __future__ import annotations

from typing import Optional

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import fallback_reply, kernel, question_reply
from huurwijzer.conversation.fear import says_fear
from huurwijzer.conversation.reply import Reply, reply_text
from tests.huurwijzer.support import turn

RANKING = [{"name": "nlu_fallback", "confidence": 0.55}, {"name": "nuisance", "confidence": 0.3},
           {"name": "emergency_repair", "confidence": 0.1}]


@pytest.mark.parametrize("text", ["ik ben echt bang", "ik ben bang dat de lekkage erger wordt", "I'm scared"])
def test_fear_is_acknowledged_with_what_to_do(svc: kernel.Services, content: Content, text: str) -> None:
    outcome = fallback_reply.reply_to_fallback(svc, content, turn("fear", "nlu_fallback", text), RANKING, None)
    reply = outcome.reply
    assert reply is not None and reply.reply_name == "fear_support"
    assert "112" in reply.text and "088 - 000 12 99" in reply.text  # danger, and the emergency number
    payloads = [b.payload for b in reply.buttons]
    assert any(p.startswith("/nuisance") for p in payloads) and "/human_handover" in payloads


def test_fear_after_a_fallback_is_acknowledged_too(svc: kernel.Services, content: Content) -> None:
    # live: "I am scared the ceiling will come down" right after a fallback got only the contact route
    after = turn("fear-2", "nlu_fallback", "I am scared the ceiling will come down", slots={"fallback_suggested": True})
    outcome = fallback_reply.reply_to_fallback(svc, content, after, RANKING, None)
    assert outcome.reply is not None and outcome.reply.reply_name == "fear_support"


@pytest.mark.parametrize("text", ["ik ben boos", "ik voel me veilig in mijn buurt", "de bank belt niet terug"])
def test_other_feelings_and_words_are_not_fear(text: str) -> None:
    assert not says_fear(text)


def _answered(svc: kernel.Services, content: Content, sender: str, intent: str, text: str,
              language: Optional[str] = None) -> Reply:
    outcome = question_reply.reply_to_question(svc, content, turn(sender, intent, text, language=language), None)
    assert outcome.reply is not None
    return outcome.reply


def test_fear_in_an_answered_message_is_acknowledged_above_the_answer(svc: kernel.Services, content: Content) -> None:
    # QA, session 20: "ik ben bang voor ..." read as a topic got the answer without a word about the fear
    plain = _answered(svc, content, "fa-1", "rent_payment", "wanneer moet ik de huur betalen?")
    feared = _answered(svc, content, "fa-2", "rent_payment",
                       "ik ben bang dat ik de huur te laat betaal, wanneer moet het?")
    assert feared.text.startswith(reply_text(content, "fear_ack"))
    assert feared.buttons == plain.buttons and feared.metadata.knowledge_id == plain.metadata.knowledge_id


def test_fear_of_a_threat_points_to_112_and_the_police_in_english_too(svc: kernel.Services, content: Content) -> None:
    reply = _answered(svc, content, "fa-3", "nuisance", "I'm scared of my neighbour, he threatens me", "en")
    first = reply.text.split("\n\n", 1)[0]
    assert first.startswith("I am sorry you are afraid") and "112" in first and "0900 - 8844" in first


def test_answers_that_already_say_what_to_do_get_no_acknowledgement(svc: kernel.Services, content: Content) -> None:
    gas = _answered(svc, content, "fa-4", "emergency_repair", "ik ruik gas en ben bang")
    assert gas.metadata.knowledge_id == "gaslucht" and not gas.text.startswith("Wat naar dat u bang bent")
    calm = _answered(svc, content, "fa-5", "rent_payment", "wanneer moet ik de huur betalen?")
    assert not calm.text.startswith("Wat naar")
