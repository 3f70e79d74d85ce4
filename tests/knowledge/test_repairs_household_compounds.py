"""A compound whose head is a household thing names that thing, not the object its first part names:
a "keukentafel" is no kitchen, a "tuinstoel" no garden, a "vloerkleed" no floor (repair_words.movable_compound).
The kitchen itself, and compounds that are parts of it ("keukenkastje"), are still found. Texts written for
this test."""

from __future__ import annotations

import pytest

from huurwijzer.content.repair_analysis import analyse
from huurwijzer.content.repairs import RepairTable


@pytest.mark.parametrize("text, not_found", [
    ("Onze keukentafel is al oud en wiebelt. Wie moet dat betalen?", "keuken-versleten"),
    ("Aan onze oude keukentafel schrijf ik u dit: de tuinstoel is kapot gewaaid. Wie betaalt een nieuwe?",
     "keuken-versleten"),
])
def test_a_household_compound_does_not_name_its_first_part(table: RepairTable, text: str, not_found: str) -> None:
    found = analyse(table, text).object
    assert found is None or found.id != not_found


@pytest.mark.parametrize("text, object_id", [
    ("Onze keuken is al oud en versleten. Wie moet die vervangen?", "keuken-versleten"),
    ("Het scharnier van het keukenkastje zit los, moet ik dat zelf doen?", "keukenkastje"),
])
def test_the_kitchen_and_its_parts_are_still_found(table: RepairTable, text: str, object_id: str) -> None:
    found = analyse(table, text).object
    assert found is not None and found.id == object_id
