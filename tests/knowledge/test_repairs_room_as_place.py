"""A part named with its room ("de kraan in de keuken is versleten") is the part, not the room's big
object: the repair form files the part, so staff get the right one (qa10, found but left: the kitchen
won 215 to 214 on the letters of "keuken")."""

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repairs import RepairTable
from huurwijzer.conversation.repair_details import details


@pytest.mark.parametrize(("text", "object_id"), [
    ("de kraan in de keuken is helemaal versleten", "kraan-vervangen"),
    ("de kraan in de badkamer is versleten", "kraan-vervangen"),
    ("the tap in the kitchen is worn out", "kraan-vervangen"),
])
def test_a_part_in_a_room_is_the_part(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id


@pytest.mark.parametrize(("text", "object_id"), [
    ("mijn keuken is helemaal versleten", "keuken-versleten"),  # the room itself is the repair
    ("de keuken is versleten en de kraan ook", "keuken-versleten"),  # named as the thing, not the place
])
def test_the_room_itself_is_still_the_room(analysed: Callable[[str], RepairAnalysis], text: str,
                                           object_id: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id


def test_the_repair_form_files_the_tap_in_the_kitchen(table: RepairTable) -> None:
    found = details("de kraan in de keuken is helemaal versleten", table)
    assert (found.object_id, found.location) == ("kraan-vervangen", "keuken")
