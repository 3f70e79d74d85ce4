"""QA, session 16 (docs/notes.md, "Next (issue 15)"): an acute situation told as happening now was answered
from the repair table (who repairs) instead of the urgent path, and "vuur" was no fire word. Through the
live gate (bot.nlu.gate); the texts are our own, the rankings the kind the trained model gave them."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.answering import answer_question
from tests.bot.test_gate_second_thoughts import decided

# How the model ranked "... wie moet dat maken?" about an acute leak or a lift with someone in it.
SURE_IT_IS_REPAIRS = (("repair_responsibility", 0.84), ("emergency_repair", 0.14), ("insurance", 0.01))


@pytest.mark.parametrize("text", [
    "er komt water door het plafond, wie moet dat maken?",
    "het water gutst door het plafond naar beneden, wie repareert dat",
    "de lift is kapot en er zit iemand vast, wie moet dat maken?",
    "de lift is stuk en mijn buurvrouw zit vast, wie repareert de lift?",
    "er is vuur in de meterkast, wie moet dat maken?",
])
def test_an_acute_situation_now_is_the_emergency_not_who_repairs(text: str) -> None:
    assert decided(text, *SURE_IT_IS_REPAIRS) == "emergency_repair"


@pytest.mark.parametrize("text", [
    "gisteren kwam er water door het plafond, wie betaalt de schade?",  # a story of before
    "de lift was vorige week kapot en er zat iemand vast, wie betaalt dat?",
    "het vuur van mijn gashaard gaat niet aan, wie moet dat maken?",  # a fire that does not burn
    "de kraan in de keuken lekt, wie moet dat maken?",  # nothing acute
])
def test_who_repairs_stays_when_nothing_acute_happens_now(text: str) -> None:
    assert decided(text, *SURE_IT_IS_REPAIRS) == "repair_responsibility"


def test_fire_in_the_kitchen_is_the_fire_emergency(content: Content) -> None:
    text = "er is vuur in de keuken"
    assert decided(text, ("out_of_scope", 0.6), ("emergency_repair", 0.3), ("greet", 0.05)) == "emergency_repair"
    reply = answer_question(content, "emergency_repair", 0.78, text, None)
    assert reply.metadata.knowledge_id == "brand" and "112" in reply.text


@pytest.mark.parametrize("text", ["open vuur op het balkon, mag dat?", "mag ik een vuurkorf in de tuin"])
def test_asking_whether_a_fire_is_allowed_is_not_forced_to_the_emergency(text: str) -> None:
    assert decided(text, ("out_of_scope", 0.6), ("emergency_repair", 0.2), ("home_modification", 0.1)) \
        == "out_of_scope"
