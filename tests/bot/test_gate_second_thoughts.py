"""The gate's second thoughts on a who-repairs answer the classifier was unsure of
(huurwijzer/conversation/answer_doubts.py) and on danger named beside the neighbours
(huurwijzer/conversation/danger.py): the tenant chooses from the suggestions, or gets the emergency,
instead of a confident answer under the wrong topic. Every text was written for this test; the
rankings are the kind the trained model gave such messages."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.gate import UnderstandingGate


def decided(text: str, *ranking: tuple[str, float]) -> str:
    config: Dict[str, Any] = {**UnderstandingGate.get_default_config(), "threshold": 0.55}
    gate = UnderstandingGate.create(config, None, Resource("gate"),  # type: ignore[arg-type]
                                    ExecutionContext(GraphSchema({}), "test", node_name="gate"))
    ranked: List[Dict[str, Any]] = [{"name": n, "confidence": c} for n, c in ranking]
    parsed = gate.process([Message(data={TEXT: text, INTENT_RANKING_KEY: ranked})])[0]
    return str(parsed.get(INTENT)["name"])


LEANING_TO_REPAIRS = (("repair_responsibility", 0.5), ("complaint", 0.15), ("insurance", 0.14), ("move_out", 0.06))


@pytest.mark.parametrize("text", [
    "Ik heb met goedkeuring van de corporatie een eigen cv-ketel laten ophangen. Mijn huur is nu beëindigd en de "
    "ketel hangt er nog. Moet de corporatie mij die ketel vergoeden?",
    "Met toestemming van de verhuurder heb ik zelf een nieuwe keuken geplaatst. Nu zeg ik de huur op en de "
    "verhuurder wil dat ik de oude keuken terugplaats. Moet ik die kosten betalen?",
])
def test_a_permitted_change_asked_about_at_leaving_is_not_told_who_repairs(text: str) -> None:
    """Compensation or removal of the tenant's own change (home_modification), not a repair."""
    assert decided(text, *LEANING_TO_REPAIRS) == "nlu_fallback"


def test_a_rival_named_apart_by_a_bracket_is_not_told_who_repairs() -> None:
    text = "De buren (de eigenaren, niet huurders) hebben mijn schutting beschadigd. Wie betaalt?"
    ranking = (("repair_responsibility", 0.34), ("insurance", 0.31), ("pets", 0.13), ("nuisance", 0.1))
    assert decided(text, *ranking) == "nlu_fallback"


@pytest.mark.parametrize("text, ranking, intent", [
    # no permission, no leaving, no rival named: the table answers
    ("De cv-ketel is kapot en geeft geen warm water meer, wie moet die repareren?", LEANING_TO_REPAIRS,
     "repair_responsibility"),
    # the classifier is sure: its answer stands
    ("Ik heb met toestemming een kast geplaatst en verhuis nu, wie repareert de lekkende kraan?",
     (("repair_responsibility", 0.9), ("home_modification", 0.05)), "repair_responsibility"),
])
def test_other_who_repairs_answers_stay(text: str, ranking: tuple[tuple[str, float], ...], intent: str) -> None:
    assert decided(text, *ranking) == intent


@pytest.mark.parametrize("text", [
    "Ik ruik bij de buren een gaslucht, volgens mij lekt daar iets",
    "Op de galerij stinkt het naar gas, het komt uit de woning van mijn buurman",
])
def test_gas_at_the_neighbours_is_the_emergency_not_nuisance(text: str) -> None:
    assert decided(text, ("nuisance", 0.64), ("emergency_repair", 0.34), ("repair_responsibility", 0.01)) \
        == "emergency_repair"


def test_a_neighbour_who_smokes_stays_nuisance() -> None:
    """"rookt" is a fire word; a smoking neighbour is nuisance even with the emergency among the three best."""
    text = "Mijn onderbuurman rookt de hele avond op het balkon en alles stinkt, wat kan ik doen?"
    assert decided(text, ("nuisance", 0.7), ("emergency_repair", 0.1), ("complaint", 0.1)) == "nuisance"
