"""A home that can hardly be aired, said with the verb last in a clause of its own ("doordat je er bijna niet kunt
ventileren"): mould there is the landlord's (knowledge: schimmel-slechte-ventilatie). Before, only the main-clause
order ("je kunt er niet ventileren") was read, so the tenant was told the mould was theirs (issue 15, session 22,
left by repairs8). The tenant's own airing stays theirs. Texts written for this test."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.content.repair_causes import cannot_ventilate


@pytest.mark.parametrize("text", [
    "er zit schimmel op de muur van de slaapkamer, dat komt doordat je er bijna niet kunt ventileren. wie lost dat op?",
    "schimmel in de badkamer omdat men er nauwelijks kan luchten, moet ik dat zelf betalen?",
])
def test_verb_last_cannot_ventilate_is_ours(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == "schimmel-slechte-ventilatie"
    assert analysis.party == "verhuurder"


@pytest.mark.parametrize("text", ["omdat ik niet vaak kan luchten", "omdat ik te weinig ventileer"])
def test_the_tenants_own_airing_is_no_cause(text: str) -> None:
    assert not cannot_ventilate(text)
