"""A short statement of a defect that the classifier cannot place ("de brievenbus klemt" fell back; nluqa2
left it): when one pattern of the repair table names it whole, object and defect, who repairs it is the
answer. Longer descriptions without asking who, statements the table reads two ways and messages the
classifier is sure of stay as they were. Every text here was written for this test; the rankings are the
kind the trained model gave (below the threshold, no repair topic in front)."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.understanding import FALLBACK_INTENT, REPAIR_INTENT, decide

UNPLACED = [("out_of_scope", 0.23), ("abuse", 0.12), ("start_repair_report", 0.09)]


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("text, knowledge_id, party", [
    ("de brievenbus klemt", "repair/brievenbus", "huurder"),
    ("De brievenbus in de voordeur klemt", "repair/brievenbus", "huurder"),
    ("onze brievenbusklep zit vast", "repair/brievenbus", "huurder"),
    ("de kraan in de badkamer drupt", "repair/kraanleertje", "huurder"),
])
def test_a_bare_defect_the_table_names_is_answered(content: Content, text: str, knowledge_id: str,
                                                   party: str) -> None:
    decision = decide(text, ranking(*UNPLACED), content.repairs)
    assert (decision.intent, decision.reason) == (REPAIR_INTENT, "repair_table")
    reply = answer_question(content, decision.intent, decision.confidence, text, None)
    assert (reply.metadata.knowledge_id, reply.metadata.responsible_party) == (knowledge_id, party)


@pytest.mark.parametrize("text", [
    # longer: a description without asking who stays with the classifier (docs/nlu.md, session 11)
    "sinds gisteren klemt de brievenbus in onze voordeur een beetje als ik de post pak",
    "de brievenbus",  # no defect
    "mijn zoon heeft de brievenbus kapot gemaakt",  # a context decides: not a bare statement
    "de buren maken lawaai",  # a defect word, no object of the table
])
def test_other_short_messages_still_fall_back(content: Content, text: str) -> None:
    assert decide(text, ranking(*UNPLACED), content.repairs).intent == FALLBACK_INTENT


def test_a_sure_reading_stands(content: Content) -> None:
    decision = decide("de voordeur klemt", ranking(("start_repair_report", 0.75)), content.repairs)
    assert decision.intent == "start_repair_report"


# Session 15: a repair reported before is history, not a wish to report it now. "Al gemeld" beside a
# question who must repair it kept the table from answering (report_repair's own words held "gemeld").
HISTORY = ranking(("repair_responsibility", 0.51), ("report_repair", 0.31), ("emergency_repair", 0.05))


def test_a_repair_reported_before_is_still_asked_who_repairs(content: Content) -> None:
    text = ("De dakgoot aan de achterkant lekt al maanden, ik heb het al drie keer gemeld. Moet de verhuurder dit "
            "niet gewoon maken?")
    decision = decide(text, HISTORY, content.repairs, 0.55)
    assert (decision.intent, decision.reason) == (REPAIR_INTENT, "repair_table")


def test_a_wish_to_report_keeps_the_choice(content: Content) -> None:
    text = "De dakgoot aan de achterkant lekt, ik wil dat melden. Moet de verhuurder dit maken?"
    assert decide(text, HISTORY, content.repairs, 0.55).intent == FALLBACK_INTENT
