"""Session 17: the messages QA saw misread in session 16 (docs/notes.md, "Session 16", Next), our own phrasings,
on the trained model and through the answer they lead to (the context they need is played in
tests/actions/test_short_words.py). None of the texts is trained on. "wat is een huismeester" is not here: its
entry (knowledge/entries/huismeester.yml) is a draft, since training its phrasings failed the per-set rule."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.answering import answer_question, basic_reply
from huurwijzer.conversation.in_context import read_in_context
from huurwijzer.conversation.understanding import FALLBACK_INTENT
from tests.test_nlu_qa_misreads import parse

ROOM = "woonkamer"
FIRE = "er is vuur in de keuken"
ACUTE = ["er komt water door het plafond, wie moet dat maken?",
         "de lift is kapot en er zit iemand vast, wie moet dat maken?"]
FIRE_ALLOWED = ["open vuur op het balkon, mag dat?", "mag ik een vuurkorf in de tuin"]
# The actions that read a message in context (in_context.for_turn): a room alone is asked about there.
READ_IN_CONTEXT = {"nlu_fallback", "subletting", "home_modification", "repair_responsibility", "report_repair"}


@pytest.fixture(scope="module")
def parsed(trained_model: Path) -> Dict[str, Dict[str, Any]]:
    return parse(trained_model, ["ok", "terug", ROOM, FIRE, *ACUTE, *FIRE_ALLOWED])


def _intent(parsed: Dict[str, Dict[str, Any]], text: str) -> tuple[str, float]:
    return str(parsed[text]["intent"]["name"]), float(parsed[text]["intent"]["confidence"])


def test_ok_alone_is_read_not_thanked(parsed: Dict[str, Dict[str, Any]], content: Content) -> None:
    intent, confidence = _intent(parsed, "ok")
    assert basic_reply(content, intent, confidence, "ok").reply_name == "acknowledged", intent


def test_back_alone_reaches_an_action_that_reads_it_as_back(parsed: Dict[str, Dict[str, Any]]) -> None:
    # action_handover and action_fallback read it (journey_steps.way_back, way_on)
    assert _intent(parsed, "terug")[0] in ("human_handover", FALLBACK_INTENT)


def test_a_room_alone_is_asked_about(parsed: Dict[str, Dict[str, Any]], content: Content) -> None:
    intent, confidence = _intent(parsed, ROOM)
    assert intent in READ_IN_CONTEXT, intent
    reply = read_in_context(content, ROOM, None, False, intent, confidence)
    assert reply is not None and reply.reply_name == "room_only"


def test_fire_in_the_kitchen_is_the_fire_emergency(parsed: Dict[str, Dict[str, Any]], content: Content) -> None:
    intent, confidence = _intent(parsed, FIRE)
    assert intent == "emergency_repair"
    assert answer_question(content, intent, confidence, FIRE, None).metadata.knowledge_id == "brand"


def test_acute_situations_are_the_emergency(parsed: Dict[str, Dict[str, Any]]) -> None:
    for text in ACUTE:
        assert _intent(parsed, text)[0] == "emergency_repair", text


def test_asking_whether_fire_is_allowed_is_not_the_emergency(parsed: Dict[str, Dict[str, Any]]) -> None:
    for text in FIRE_ALLOWED:
        assert _intent(parsed, text)[0] != "emergency_repair", text
