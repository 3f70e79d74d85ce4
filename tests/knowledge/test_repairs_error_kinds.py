"""Who repairs: error kinds found on the retired blind sets (issue 15, branch repairs2). The
sentences are our own, written for the kind of error, never a blind set's text."""

from pathlib import Path

import pytest

from huurwijzer.content.repair_analysis import analyse
from huurwijzer.content.repair_context import contexts, disputed
from huurwijzer.content.repairs import OWN_DAMAGE, TAKEN_OVER, RepairTable, load_repairs
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.understanding import REPAIR_INTENT, decide

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table() -> RepairTable:
    return load_repairs(ROOT / "knowledge" / "repairs.yml")


def told(table: RepairTable, text: str) -> str:
    analysis = analyse(table, focus(text).text)
    assert analysis.object is not None and not analysis.ambiguous, analysis
    return str(analysis.party)


@pytest.mark.parametrize(("text", "party"), [
    # A stem inside an unrelated word: "verzekering" holds "zekering", "woningcorporatie" "woning".
    ("De wind heeft dakpannen van ons huis geblazen. Loopt dat via mijn eigen verzekering?", "verhuurder"),
    ("Het gras en de tegels in onze tuin zijn verzakt. Moet de woningcorporatie dat ophogen?", "huurder"),
    # A heavy thing named by a noun, not "iets zwaars".
    ("Ik heb een zwaar aquarium op het kastje gezet en nu hangt het scheef. Wie betaalt de reparatie?", "huurder"),
    # A window left ajar that the wind caught.
    ("Mijn slaapkamerraam stond op de kiep, toen kwam er een windstoot en het glas brak. Wie betaalt?", "huurder"),
    # Taking over still to come.
    ("Ik wil de lampen en stopcontacten in de schuur van de vorige bewoner overnemen. Wie is "
     "verantwoordelijk als daar kortsluiting komt?", "huurder"),
    # Squeaking hinges on our door ask for greasing.
    ("De scharnieren van de balkondeur piepen vreselijk. Moet ik daar zelf iets aan doen?", "huurder"),
    # A task said as a noun.
    ("Moet ik de slaapkamermuren zelf een verfje geven?", "huurder"),
    # Maintenance of a smoke alarm: testing and the battery (A15).
    ("Wie is verantwoordelijk voor het onderhoud van mijn rookmelder?", "huurder"),
    # Worn out and rusted through, no object of ours beside it: replacing it is ours (A8).
    ("Het rolluik van de slaapkamer is versleten en verroest. Wie vervangt het?", "verhuurder"),
])
def test_party_for_the_kind(table: RepairTable, text: str, party: str) -> None:
    assert told(table, text) == party


def test_a_disputed_cause_is_asked_not_decided(table: RepairTable) -> None:
    """The landlord blames the tenant's airing, the tenant denies it: buttons, not 'you pay'."""
    text = ("De opzichter zegt dat de schimmel in de slaapkamer komt doordat ik te weinig ventileer, maar ik "
            "zet juist elke dag een raam open. Wie moet het oplossen?")
    assert disputed(text)
    assert OWN_DAMAGE not in contexts(text)
    analysis = analyse(table, focus(text).text)
    assert analysis.ambiguous
    assert any(option.party == "verhuurder" for option in analysis.alternatives)


def test_own_admission_still_counts(table: RepairTable) -> None:
    text = "Er zit schimmel op het plafond omdat ik te weinig ventileer. Wie moet dat oplossen?"
    assert not disputed(text)
    assert told(table, text) == "huurder"


def test_taken_over_in_the_infinitive() -> None:
    assert TAKEN_OVER in contexts("Is het slim om de zonwering van de vorige huurder over te nemen?")


@pytest.mark.parametrize("text", [
    "De cv-ketel piept de hele nacht. Wie moet dat oplossen?",
    "De voordeur is onderaan verrot en de scharnieren piepen. Wie herstelt dat?",
])
def test_squeaks_are_ours_without_lockwork_or_with_rot(table: RepairTable, text: str) -> None:
    analysis = analyse(table, focus(text).text)
    assert analysis.party == "verhuurder" or analysis.ambiguous


def test_rubbish_is_not_a_rot_defect(table: RepairTable) -> None:
    analysis = analyse(table, focus("Iemand heeft rotzooi in de hal gezet. Wie ruimt dat op?").text)
    assert analysis.defect != "rotzooi"


def test_a_rival_topic_named_keeps_the_table_from_answering(table: RepairTable) -> None:
    """Unsure between who-repairs and service costs, the message about costs passed on to all
    tenants: no confident repair answer."""
    text = "Mag de verhuurder de kosten van het ontstoppen van de standleiding over alle huurders verdelen?"
    ranking = [{"name": REPAIR_INTENT, "confidence": 0.4}, {"name": "service_costs", "confidence": 0.35},
               {"name": "complaint", "confidence": 0.1}]
    assert decide(text, ranking, table, 0.5).intent != REPAIR_INTENT
