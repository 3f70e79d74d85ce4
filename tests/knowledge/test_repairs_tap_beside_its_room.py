"""A tap named beside the sink or the room it is in (QA, session 21): "de kraan van de gootsteen lekt" was the
kitchen sink ("gootsteen lek", more letters than "kraan lek"), and "who pays for a new tap in the bathroom?" the
whole worn-out bathroom ("new" is a weak word, so "bathroom" alone matched): the tap answers (patterns in
knowledge/repairs.yml). The sink and the room asked about alone keep their answers. Texts written for this test.
Session 22: "een nieuwe kraan in de badkamer" was still the bathroom ("nieuwe badkamer"); a pattern asking for a new
thing now holds only where "nieuwe"/"new" stands just before the thing (repair_words.new_beside_its_thing)."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text, object_id", [
    ("de kraan van de gootsteen lekt, wie moet dat maken?", "kraanleertje"),
    ("de gootsteenkraan lekt", "kraanleertje"),
    ("de kraan van de spoelbak druppelt", "kraanleertje"),
    ("who pays for a new tap in the bathroom?", "kraan-vervangen"),
    ("who pays for a new tap in the kitchen?", "kraan-vervangen"),
    ("I just got a new job and the tap in the kitchen is leaking, who fixes it?", "kraanleertje"),
    ("de gootsteen lekt", "spoelbak-keuken"),
    ("de afvoer van de gootsteen lekt", "spoelbak-keuken"),
    ("nieuwe kraan in de badkamer", "kraan-vervangen"),
    ("wie betaalt een nieuwe kraan in de badkamer?", "kraan-vervangen"),
    ("wie betaalt een nieuwe kraan voor de keuken?", "kraan-vervangen"),
    ("wij willen een nieuwe, moderne keuken", "keuken-versleten"),
    ("ik heb net een nieuwe baan en de kraan in de badkamer lekt", "kraanleertje"),
    ("wie betaalt een nieuwe badkamer?", "badkamer-vervangen"),
    ("de keuken is versleten, wie betaalt een nieuwe keuken?", "keuken-versleten"),
])
def test_the_tap_beside_its_sink_or_room_is_the_tap(analysed: Callable[[str], RepairAnalysis], text: str,
                                                    object_id: str) -> None:
    found = analysed(text).object
    assert found is not None and found.id == object_id
