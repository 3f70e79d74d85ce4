"""A long letter about many things that ends asking who repairs a defect it describes: QA (session 13)
saw one ending in "Wie repareert mijn kraan?" answered as out of scope. Every text here was written
for this test."""

from __future__ import annotations

from typing import Any, Dict, List

from huurwijzer.content.loader import Content
from huurwijzer.conversation.understanding import REPAIR_INTENT, decide

LETTER = ("Hallo. Mijn werkgever heeft mijn contract niet verlengd, ik zoek nu een nieuwe baan en ik moet ook "
          "mijn belastingaangifte nog doen. Mijn auto is kapot en de garage is duur. Weet u een goedkope garage? "
          "En waar kan ik een cursus volgen? De kraan in de keuken lekt ook al een week. Wie repareert mijn kraan?")


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_a_letter_ending_in_who_repairs_is_answered_by_the_repair_table(content: Content) -> None:
    # the classifier is sure it is out of scope: most of the letter is
    decision = decide(LETTER, ranking(("out_of_scope", 0.82), ("parking", 0.1), ("repair_responsibility", 0.02)),
                      content.repairs)
    assert (decision.intent, decision.reason) == (REPAIR_INTENT, "repair_table")


def test_a_letter_out_of_scope_without_asking_who_stays_out_of_scope(content: Content) -> None:
    text = LETTER.replace("Wie repareert mijn kraan?", "Weet u ook een goede tandarts?")
    decision = decide(text, ranking(("out_of_scope", 0.82), ("parking", 0.1)), content.repairs)
    assert decision.intent == "out_of_scope"


def test_a_short_out_of_scope_question_is_left_alone(content: Content) -> None:
    # short: the classifier's reading of the whole message stands
    decision = decide("wie repareert mijn fiets, de band is lek?", ranking(("out_of_scope", 0.9)), content.repairs)
    assert decision.intent == "out_of_scope"
