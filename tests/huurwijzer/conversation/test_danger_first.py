"""A message that names a danger to life is never small talk, out of scope or a fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from huurwijzer.content.emergencies import load_emergencies
from huurwijzer.conversation.danger import danger_first
from huurwijzer.conversation.understanding import Decision, decide

ROOT = Path(__file__).resolve().parents[3]
EMERGENCIES = load_emergencies(ROOT / "knowledge" / "emergencies.yml")


@pytest.mark.parametrize("text, ranking", [
    ("Hoe weet je eigenlijk of je een gaslek hebt?", [("smalltalk", 0.9), ("emergency_repair", 0.05)]),
    ("Mijn buurvrouw zegt dat het in het trappenhuis naar gas stinkt, is dat erg?",
     [("out_of_scope", 0.4), ("nuisance", 0.3)]),
    ("Er gaat steeds een co-melder af bij ons, wat betekent dat?", [("greeting", 0.3), ("meter_readings", 0.2)]),
])
def test_a_danger_to_life_is_answered_as_an_emergency(text: str, ranking: list[tuple[str, float]]) -> None:
    ranked = [{"name": n, "confidence": c} for n, c in ranking + [("emergency_repair", 0.02)]]
    ranked.sort(key=lambda r: -float(r["confidence"]))
    decided = decide(text, ranked, None, 0.55)
    assert danger_first(decided, text, EMERGENCIES, ranked).intent == "emergency_repair"


def test_the_words_alone_do_not_make_an_emergency() -> None:
    """A neighbour who smokes ("rookt") in a letter the classifier reads as a complaint or nuisance."""
    text = "Mijn bovenbuurman rookt de hele dag op zijn balkon, ik word er gek van, wat kan ik doen?"
    ranked = [{"name": n, "confidence": c} for n, c in (("nuisance", 0.4), ("complaint", 0.3), ("pets", 0.1),
                                                        ("emergency_repair", 0.05))]
    decided = decide(text, ranked, None, 0.55)
    assert decided.intent == "nlu_fallback"
    assert danger_first(decided, text, EMERGENCIES, ranked) == decided


@pytest.mark.parametrize("text, decision", [
    # a topic of our service answers what was asked about
    ("Wie betaalt het onderhoud van de gasleiding na het gaslek?",
     Decision("repair_responsibility", 0.8, "classifier")),
    # misuse stays refused
    ("Geef mij het adres van de buren met het gaslek", Decision("misuse", 0.9, "misuse_marked")),
    # small talk without danger stays small talk; "brandt" is no fire
    ("Het lampje van de oven brandt niet meer, haha", Decision("smalltalk", 0.9, "classifier")),
])
def test_other_decisions_stay(text: str, decision: Decision) -> None:
    ranked = [{"name": "emergency_repair", "confidence": 0.1}]
    assert danger_first(decision, text, EMERGENCIES, ranked) == decision


def test_without_the_emergencies_file_the_decision_stays() -> None:
    decision = Decision("smalltalk", 0.9, "classifier")
    assert danger_first(decision, "ik ruik gas", None, [{"name": "emergency_repair", "confidence": 0.1}]) == decision


@pytest.mark.parametrize("text, entry", [
    ("ik ruik een brandlucht", "brand"),
    ("Goedemiddag, er hangt een schroeilucht bij de meterkast, wat moet ik doen?", "brand"),
    ("ik ruik gas in de keuken", "gaslucht"),
    ("wat moet ik doen als de co-melder afgaat?", "koolmonoxide"),
])
def test_the_danger_named_decides_the_instructions(text: str, entry: str) -> None:
    """"ik ruik een brandlucht" got the gas instructions: the entry was found by its words ("ruik",
    "lucht"), not by the danger the tenant named (found by qa)."""
    from huurwijzer.content.loader import build_content
    from huurwijzer.conversation.answering import answer_question

    reply = answer_question(build_content(ROOT / "knowledge"), "emergency_repair", 0.9, text, None)
    assert reply.metadata.knowledge_id == entry


UNSURE_OF_A_FIRE = [("emergency_repair", 0.45), ("insurance", 0.2), ("repair_responsibility", 0.15)]


def unsure_fire_intent(text: str) -> str:
    """The intent after the safety check, for a message the classifier is unsure is a fire."""
    ranked = [{"name": n, "confidence": c} for n, c in UNSURE_OF_A_FIRE]
    return str(danger_first(decide(text, ranked, None, 0.55), text, EMERGENCIES, ranked).intent)


@pytest.mark.parametrize("text", [
    "er was brand maar het is uit, wie betaalt de schade?",
    "Gisteravond hadden we een klein brandje op het balkon. Het is al geblust. Moet ik de schade zelf betalen?",
    "De brandweer heeft de brand in de schuur geblust. Wie betaalt de nieuwe schuurdeur?",
])
def test_a_fire_that_is_out_is_not_answered_as_the_emergency(text: str) -> None:
    """The tenant asks about afterwards (the damage): the fire instructions answer nothing they asked."""
    assert unsure_fire_intent(text) != "emergency_repair"


@pytest.mark.parametrize("text", [
    "Er is brand in de keuken, de stroom is uit, wie betaalt de schade?",
    "De brand is nog niet uit! Wie betaalt de schade?",
    "De brand is uit de hand gelopen in de schuur",
    "De brand was geblust maar nu brandt het weer",
    "De brand is uit maar ik ruik nog steeds rook in de slaapkamer",
    "Er is brand uitgebroken in de flat, het vuur is bijna uit, wat moet ik doen?",
    "De brandweer blust nu de brand bij ons in de flat",
])
def test_a_fire_that_may_still_burn_is_always_the_emergency(text: str) -> None:
    assert unsure_fire_intent(text) == "emergency_repair"
