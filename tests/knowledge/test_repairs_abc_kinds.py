"""Who repairs, the kinds of wording corporations' own onderhoudsABC pages showed missing (issue 15,
session 18, branch repairs5; the dev set tests/eval/repairs_abc/ was tuned on). Every text here was
written for this test, none is copied from the set."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repairs import RepairTable
from huurwijzer.conversation.understanding import FALLBACK_INTENT, REPAIR_INTENT, decide


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize(("text", "object_id", "party"), [
    # A small part named as a compound is the part, not the thing it sits in (the tenant's grille, A7).
    ("Het plafondrooster in de badkamer hangt los. Moet ik dat zelf vastzetten?", "ventilatieroosters", "huurder"),
    # A repair needed, said without a defect: the object word the table knows answers.
    ("Het dak van ons huis moet gerepareerd worden, wie regelt dat?", "dak-lekkage", "verhuurder"),
    ("Er zijn dakwerkzaamheden aan de achterkant nodig, betaal ik die?", "dak-lekkage", "verhuurder"),
    # Damage done by the household, said the other way round (A13).
    ("De binnendeur is vernield door mijn zoon. Wie betaalt het?", "binnendeur", "huurder"),
    ("De keukenkast is kapotgemaakt door onze hond, wie moet dat betalen?", None, "huurder"),
    # Too little airing, said by the windows (A17).
    ("We hebben schimmel in de slaapkamer, we zetten de ramen bijna nooit open. Wie lost dat op?", "schimmel",
     "huurder"),
    ("Ik doe de ramen zelden open en nu zit er schimmel op de muur, is dat voor mij?", "schimmel", "huurder"),
    # Rebuilt by the tenant (A14).
    ("De zolder hebben we zelf verbouwd, wie onderhoudt die nu?", "zelf-aangebracht", "huurder"),
    # The Besluit's tasks in everyday words: fastening draught strips, keeping drains clean (A7).
    ("Moet ik de tochtstrips zelf vastzetten?", "tochtstrips-binnen", "huurder"),
    ("Wie maakt de afvoer van de douche schoon?", "afvoer-verstopt", "huurder"),
])
def test_kind_gets_the_party(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                             party: str) -> None:
    analysis = analysed(text)
    assert not analysis.ambiguous
    assert analysis.party == party
    if object_id is not None:
        assert analysis.object is not None and analysis.object.id == object_id


def test_a_repair_needed_of_an_installation_is_no_upkeep_task(analysed: Callable[[str], RepairAnalysis]) -> None:
    """Repairing the heating is not the tenant's topping up: no upkeep object answers a repair needed."""
    analysis = analysed("Aan de verwarmingsinstallatie moeten herstelwerkzaamheden gebeuren, wie betaalt dat?")
    assert analysis.object is None or analysis.object.id != "cv-bijvullen"


def test_a_defect_said_with_no_longer(analysed: Callable[[str], RepairAnalysis]) -> None:
    assert analysed("Mijn deurbel die het niet meer doet, wie maakt die?").names_repair


def test_little_words_name_no_object(table: RepairTable) -> None:
    """"voor" is a word of the name "aansluiting voor tv, internet of telefoon": "is dat voor mij?"
    named the tv connection."""
    assert all(obj.id != "internet-aansluiting" for obj in table.named("Is dat voor mij of voor de verhuurder?"))


def test_a_repair_needed_goes_to_the_table_only_when_the_classifier_leans_to_it(table: RepairTable) -> None:
    text = "Het dak van ons huis moet gerepareerd worden, wie regelt dat?"
    leaning = decide(text, ranking(("repair_responsibility", 0.45), ("report_repair", 0.35)), table, 0.55)
    assert (leaning.intent, leaning.reason) == (REPAIR_INTENT, "repair_table")
    other = decide(text, ranking(("report_repair", 0.45), ("repair_responsibility", 0.35)), table, 0.55)
    assert other.intent in (FALLBACK_INTENT, "report_repair")
