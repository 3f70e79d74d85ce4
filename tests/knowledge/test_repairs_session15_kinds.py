"""Session 15: kinds of who-repairs errors on the retired blind sets (blind1, blind2, blind4; one look at
each set's who-repairs errors, in their looks.log), fixed as kinds. Every text here is ours, written for
this test: none is taken from a set."""

from __future__ import annotations

from typing import Callable, Optional

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repairs import OUT_OF_REACH, OWN_DAMAGE


@pytest.mark.parametrize("text, object_id, party", [
    # Context misread: "I have a broken X" is a broken thing the tenant has, not damage the tenant did.
    ("I have a broken window that will not close and nobody fixed it in months. Who has to repair it?", "raam",
     "verhuurder"),
    ("We have a cracked tile in the bathroom wall, who pays for a new one?", "tegels", "verhuurder"),
    # Wrong object: the glass in a door is the glass (its party depends: the table asks), not the door.
    ("De ruit in de achterdeur is gebarsten, wie moet dat betalen?", "glas", None),
    ("het glas van onze balkondeur is kapot, wie vervangt het?", "glas", None),
    ("De ruit in de voordeur is kapot, wie moet dat betalen?", "glas", None),
    # Wrong object: single glazing and a wish for double glazing is insulation, not a broken pane.
    ("Ons huis heeft nog enkel glas en het is koud. Moet de verhuurder geen dubbel glas plaatsen?", "isolatie",
     "verhuurder"),
    # Context ignored: a tree of ten metres or more is out of reach for the tenant's pruning.
    ("In de achtertuin staat een eik van 20 meter die over het dak hangt. Moet ik die zelf snoeien?", "tuin",
     "verhuurder"),
    # Context ignored: the wiring overloaded with the tenant's own appliances; burnt out is a defect.
    ("De meterkast is doorgebrand, ik had er veel apparaten tegelijk op aangesloten. Wie betaalt de reparatie?",
     "groepenkast", "huurder"),
])
def test_kinds_fixed(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                     party: Optional[str]) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id
    assert analysis.party == party
    assert analysis.names_repair


def test_two_repairs_one_come_loose_are_asked(analysed: Callable[[str], RepairAnalysis]) -> None:
    # "losgekomen" names a defect, so the second repair (another party's) is seen: buttons, not one party
    analysis = analysed("Bij ons lekt de kraan in de keuken en er is in de badkamer een tegel losgekomen. Wie betaalt?")
    assert analysis.several and {o.id for o in (analysis.object, *analysis.alternatives) if o} == {
        "kraanleertje", "tegels"}


@pytest.mark.parametrize("text, object_id, party, context", [
    ("I have broken the window with a ball, who pays for it?", "glas", "huurder", OWN_DAMAGE),
    ("mijn dubbel glas is gesprongen, wie betaalt dat?", "glas", None, None),
    ("de voordeur klemt, wie moet dat maken?", "buitendeur", "verhuurder", None),
    ("Moet ik de heg van twee meter hoog zelf snoeien?", "tuin", "huurder", None),
    ("Wij hebben een boom in de tuin, moeten we die zelf snoeien?", "tuin", "huurder", None),
    ("De meterkast is doorgebrand. Wie betaalt de reparatie?", "groepenkast", None, None),
    ("De boom in onze tuin is wel 15 meter hoog, moet ik die zelf snoeien?", "tuin", "verhuurder", OUT_OF_REACH),
])
def test_what_stays(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str, party: Optional[str],
                    context: Optional[str]) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id
    assert analysis.party == party
    assert context is None or context in analysis.context


def test_damage_said_as_a_noun_names_the_defect(analysed: Callable[[str], RepairAnalysis]) -> None:
    # "schade aan ons parket": without a defect word the gate could not answer who repairs it
    analysis = analysed("Wij hebben zelf parket gelegd in de woonkamer. Nu moet er een leiding onder de vloer worden "
                        "gemaakt en is er schade aan ons parket. Wie betaalt dat?")
    assert analysis.names_repair and analysis.object is not None and analysis.object.id == "vloerbedekking"
    assert analysis.party == "huurder"
