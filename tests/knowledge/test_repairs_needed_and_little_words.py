"""repairs6 (issue 15): a repair said to be needed ("... moet gerepareerd worden") is a defect, so the object
word the message names answers who repairs; and a Dutch function word names no object (a name that holds
"voor" or ends with "zijn" made "is dat voor mij?" the internet connection and "er zijn" a window frame).
Every text was written for this test."""

from __future__ import annotations

import pytest

from huurwijzer.content.repair_analysis import analyse
from huurwijzer.content.repairs import RepairTable


@pytest.mark.parametrize("text", ["is dat voor mij?", "er zijn problemen", "wie is daar voor?"])
def test_a_function_word_names_no_object(table: RepairTable, text: str) -> None:
    assert table.named(text) == ()


def test_an_unknown_thing_said_to_need_repair_is_not_read_by_its_little_words(table: RepairTable) -> None:
    analysis = analyse(table, "Onze veranda moet gerepareerd worden. Is dat voor mij?")
    assert analysis.object is None or analysis.object.id != "internet-aansluiting"


@pytest.mark.parametrize(("text", "party"), [
    ("De lift moet gerepareerd worden, wie doet dat?", "verhuurder"),
    ("Mijn inbouwkast moet gerepareerd worden, wie betaalt dat?", "huurder"),
])
def test_a_repair_said_to_be_needed_names_the_object(table: RepairTable, text: str, party: str) -> None:
    analysis = analyse(table, text)
    assert analysis.names_repair and not analysis.ambiguous and analysis.party == party


@pytest.mark.parametrize("text", [
    "Wie repareert de deurbel die niet meer werkt?",
    "Wie maakt het stopcontact in de gang dat het niet meer doet?",
    "Wie repareert de keukenkast als het deurtje niet goed sluit?",
])
def test_a_defect_said_with_the_verb_last_names_the_repair(table: RepairTable, text: str) -> None:
    assert analyse(table, text).names_repair
