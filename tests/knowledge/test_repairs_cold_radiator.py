"""One radiator that stays cold (the others warm) is air in it: the tenant bleeds it, and reports it
when bleeding does not help (the object's condition). qa3: in English it was answered as the
boiler (ours), in Dutch not at all."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text", [
    "The radiator in the bedroom stays cold even when the heating is on, and the other radiators are fine. "
    "Who has to fix the radiator?",
    "De radiator in de slaapkamer blijft koud terwijl de verwarming aan staat. Wie moet dat maken?",
    "de radiator in de woonkamer is koud, de rest doet het wel",
])
def test_one_cold_radiator_is_bleeding_it(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    match = analysed(text).as_match()
    assert match is not None and match.object.id == "radiator-ontluchten" and match.party == "huurder"


def test_no_heating_at_all_is_still_the_boiler(analysed: Callable[[str], RepairAnalysis]) -> None:
    match = analysed("de hele verwarming is koud, de cv-ketel geeft een storing").as_match()
    assert match is not None and match.object.id == "cv-ketel"
