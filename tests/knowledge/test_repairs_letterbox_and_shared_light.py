"""QA (session 13): a letterbox flap that sticks was answered as the front door (ours), and a
flickering lamp in the shared hall as the tenant's own lamp. The letterbox flap in the tenant's own
door is theirs; lighting in a shared hall is ours (knowledge/repairs.yml)."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text", [
    "De brievenbus in de voordeur klemt",
    "de klep van de brievenbus in mijn voordeur zit vast, wie maakt dat?",
])
def test_a_sticking_letterbox_is_the_letterbox_not_the_door(analysed: Callable[[str], RepairAnalysis],
                                                            text: str) -> None:
    match = analysed(text).as_match()
    assert match is not None and match.object.id == "brievenbus" and match.party == "huurder"


def test_a_sticking_front_door_is_still_the_door(analysed: Callable[[str], RepairAnalysis]) -> None:
    match = analysed("de voordeur klemt, wie moet dat maken?").as_match()
    assert match is not None and match.object.id == "buitendeur" and match.party == "verhuurder"


@pytest.mark.parametrize("text", [
    "In de gemeenschappelijke hal flikkert de lamp",
    "de verlichting in de centrale hal knippert, wie repareert dat?",
])
def test_a_flickering_light_in_the_shared_hall_is_ours(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    analysis = analysed(text)
    match = analysis.as_match()
    assert analysis.names_repair and match is not None
    assert match.object.id == "verlichting-algemeen" and match.party == "verhuurder"


def test_a_flickering_lamp_at_home_is_still_the_tenants(analysed: Callable[[str], RepairAnalysis]) -> None:
    match = analysed("de lamp in mijn eigen gang flikkert, moet ik die zelf vervangen?").as_match()
    assert match is not None and match.object.id == "lamp" and match.party == "huurder"
