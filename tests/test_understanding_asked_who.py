"""Who repairs, whatever topic the classifier picks (issue 15, repairs7): a message that asks who repairs, pays or
must do something, about an object of the repair table with its defect or task, gets the table's answer even when
the classifier is sure of a neighbouring topic (keys, rubbish, an emergency, ...). Questions of those topics that do
not ask who keep their topic, and a danger to life still wins. Every text was written for this test; the rankings
are the ones the trained model gave them (session 20)."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.understanding import REPAIR_INTENT


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("text, ranked, knowledge_id, party", [
    ("wie betaalt een nieuwe sleutel", [("keys_locks", 0.91), ("start_onboarding", 0.05)], "repair/sleutel", "huurder"),
    ("wie moet de brandgang schoonhouden", [("garbage", 0.87), ("repair_responsibility", 0.07)],
     "repair/brandgang-schoonhouden", "huurder"),
    ("moet ik zelf een nieuwe sleutel laten maken?", [("keys_locks", 0.95)], "repair/sleutel", "huurder"),
])
def test_asking_who_about_a_repair_wins_over_a_sure_neighbour(content: Content, text: str, ranked: Any,
                                                              knowledge_id: str, party: str) -> None:
    decision = gate_decision(text, ranking(*ranked), content.repairs, content.emergencies, 0.5, None)
    assert (decision.intent, decision.reason) == (REPAIR_INTENT, "repair_table")
    reply = answer_question(content, decision.intent, decision.confidence, text, None)
    assert (reply.metadata.knowledge_id, reply.metadata.responsible_party) == (knowledge_id, party)


@pytest.mark.parametrize("text, ranked", [
    ("ik ben mijn sleutel kwijt, wat nu?", [("keys_locks", 0.98), ("onboarding_first_steps", 0.02)]),
    ("wanneer wordt het grofvuil opgehaald", [("garbage", 0.99)]),
    ("wie haalt het grofvuil op", [("garbage", 0.95)]),
    ("gaslucht!", [("emergency_repair", 0.71), ("goodbye", 0.09)]),
    # asks who, but names the neighbour in its own words: a tag is a key, not a repair of the home
    ("wie betaalt een nieuwe tag voor de voordeur", [("keys_locks", 0.93)]),
])
def test_a_neighbour_question_that_does_not_ask_who_keeps_its_topic(content: Content, text: str, ranked: Any) -> None:
    decision = gate_decision(text, ranking(*ranked), content.repairs, content.emergencies, 0.5, None)
    assert decision.intent == ranked[0][0]


def test_a_danger_to_life_still_wins(content: Content) -> None:
    text = "ik ruik gas bij de kookplaat, wie moet de gasleiding repareren?"
    decision = gate_decision(text, ranking(("emergency_repair", 0.9)), content.repairs, content.emergencies, 0.5, None)
    assert decision.intent == "emergency_repair"


@pytest.mark.parametrize("text, object_id, party", [
    # the kitchen sink ("gootsteen") is no gutter ("goot"): cleaning it is not cleaning the gutter
    ("wie houdt de gootsteen schoon", "afvoer-verstopt", "huurder"),
    ("de gootsteen is vol, wie moet dat doen", "afvoer-verstopt", "huurder"),
    ("de gootsteen is kapot", "spoelbak-keuken", "verhuurder"),
    # the shower tap: a drip is the washer (the tenant), a worn one a new tap (us)
    ("de douchekraan is versleten, wie maakt dat", "kraan-vervangen", "verhuurder"),
    ("de douchekraan lekt", "kraanleertje", "huurder"),
])
def test_sink_and_shower_tap_are_read_as_themselves(content: Content, text: str, object_id: str, party: str) -> None:
    from huurwijzer.content.repair_analysis import analyse

    analysis = analyse(content.repairs, text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)
