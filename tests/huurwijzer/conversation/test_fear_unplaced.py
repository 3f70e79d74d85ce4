"""A fear now that the classifier leaned to an unrelated topic without being sure (QA, session 21: "ik ben echt
bang, er staat iemand voor mijn deur te schreeuwen" got "Wat naar dat u bang bent. Hieronder leest u wat u kunt
doen." above how to pay the rent): the fear reply (112, the police, the emergency number), that topic a button."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, question_reply
from huurwijzer.conversation.reply import Reply


def _answered(svc: kernel.Services, content: Content, sender: str, intent: str, text: str,
              confidence: float) -> Reply:
    outcome = question_reply.reply_to_question(svc, content, kernel.Turn(sender, intent, confidence, text), None)
    assert outcome.reply is not None
    return outcome.reply


@pytest.mark.parametrize(("text", "intent"), [
    ("ik ben echt bang, er staat iemand voor mijn deur te schreeuwen", "rent_payment"),
    ("I'm scared, someone keeps ringing my doorbell at night", "parking"),
])
def test_a_fear_now_read_as_an_unrelated_topic_gets_what_to_do(svc: kernel.Services, content: Content, text: str,
                                                                intent: str) -> None:
    reply = _answered(svc, content, f"fu-{intent}", intent, text, 0.72)
    assert reply.reply_name == "fear_support" and "112" in reply.text
    assert any(b.payload.startswith(f"/{intent}") for b in reply.buttons)


def test_a_worry_a_sure_topic_or_a_safety_topic_keeps_its_answer(svc: kernel.Services, content: Content) -> None:
    worry = _answered(svc, content, "fu-w", "rent_payment", "ik ben bang dat ik de huur te laat betaal", 0.72)
    assert worry.reply_name != "fear_support" and worry.metadata.knowledge_id is not None
    sure = _answered(svc, content, "fu-s", "rent_payment", "ik ben bang, wanneer moet ik de huur betalen?", 0.95)
    assert sure.metadata.knowledge_id == "huur-betalen"
    neighbour = _answered(svc, content, "fu-n", "nuisance", "ik ben bang voor mijn buurman, hij schreeuwt", 0.6)
    assert neighbour.reply_name != "fear_support" and neighbour.metadata.topic == "nuisance"
