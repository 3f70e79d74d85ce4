"""A message that names a danger to life is never small talk, out of scope or a fallback."""

from __future__ import annotations

from pathlib import Path

import pytest

from huurwijzer.content.emergencies import load_emergencies
from huurwijzer.conversation.understanding import Decision, danger_first, decide

ROOT = Path(__file__).resolve().parents[3]
EMERGENCIES = load_emergencies(ROOT / "knowledge" / "emergencies.yml")


@pytest.mark.parametrize("text, ranking", [
    ("Hoe weet je eigenlijk of je een gaslek hebt?", [("smalltalk", 0.9), ("emergency_repair", 0.05)]),
    ("Mijn buurvrouw zegt dat het in het trappenhuis naar gas stinkt, is dat erg?",
     [("out_of_scope", 0.4), ("nuisance", 0.3)]),
    ("Er gaat steeds een co-melder af bij ons, wat betekent dat?", [("greeting", 0.3), ("meter_readings", 0.2)]),
])
def test_a_danger_to_life_is_answered_as_an_emergency(text: str, ranking: list[tuple[str, float]]) -> None:
    decided = decide(text, [{"name": n, "confidence": c} for n, c in ranking], None, 0.55)
    assert danger_first(decided, text, EMERGENCIES).intent == "emergency_repair"


@pytest.mark.parametrize("text, decision", [
    # a topic of our service answers what was asked about
    ("Wie betaalt het onderhoud van de gasleiding na het gaslek?", Decision("repair_responsibility", 0.8, "classifier")),
    # misuse stays refused
    ("Geef mij het adres van de buren met het gaslek", Decision("misuse", 0.9, "misuse_marked")),
    # small talk without danger stays small talk; "brandt" is no fire
    ("Het lampje van de oven brandt niet meer, haha", Decision("smalltalk", 0.9, "classifier")),
])
def test_other_decisions_stay(text: str, decision: Decision) -> None:
    assert danger_first(decision, text, EMERGENCIES) == decision


def test_without_the_emergencies_file_the_decision_stays() -> None:
    decision = Decision("smalltalk", 0.9, "classifier")
    assert danger_first(decision, "ik ruik gas", None) == decision
