"""A compound names what its head names (repair_words.compound_head): a "douchekraan" is a "kraan", so the tenant
whose shower tap drips is offered the tap washer (kraanleertje) among the buttons, as for a plain "kraan". Before,
the candidates ranked by name words only, and the washer's name ("kraanleertje") is no end of "douchekraan"
(issue 15, session 21). Texts written for this test."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.understanding import REPAIR_INTENT

WASHER = "repair/kraanleertje"


@pytest.mark.parametrize("text", [
    "wie repareert mijn douchekraan?",
    "de douchekraan is kapot, wie moet dat maken?",
    "onze badkamerkraan doet het niet, moet ik dat zelf doen?",
])
def test_a_compound_tap_offers_the_washer(content: Content, text: str) -> None:
    reply = answer_question(content, REPAIR_INTENT, 0.9, text, None)
    assert any(f"\"{WASHER}\"" in button.payload for button in reply.buttons), [b.payload for b in reply.buttons]


@pytest.mark.parametrize("text, object_id", [
    ("mijn douchekraan drupt, wie moet dat maken?", "kraanleertje"),
    ("de douchekraan is versleten, wie vervangt die?", "kraan-vervangen"),
])
def test_a_compound_tap_named_with_its_defect_is_still_answered(content: Content, text: str, object_id: str) -> None:
    reply = answer_question(content, REPAIR_INTENT, 0.9, text, None)
    assert reply.metadata.knowledge_id == f"repair/{object_id}"


def test_the_plain_candidates_rank_the_compound_head_below_the_word_itself(content: Content) -> None:
    # "kraan" itself names its own objects first; the head of "douchekraan" ranks them as a compound end
    assert content.repairs.candidates("wie repareert mijn kraan?")[0].id == "kraanleertje"
    assert "kraanleertje" in {obj.id for obj in content.repairs.candidates("wie repareert mijn douchekraan?")}
