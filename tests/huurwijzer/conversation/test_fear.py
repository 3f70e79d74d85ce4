"""A tenant who says they are afraid (QA, session 19: "ik ben echt bang" got only "Ik weet niet zeker wat u
bedoelt" and topics): the reply acknowledges it and says what to do now, with the likely topics under it."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import fallback_reply, kernel
from huurwijzer.conversation.fear import says_fear
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
