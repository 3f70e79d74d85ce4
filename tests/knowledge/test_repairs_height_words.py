"""'Hoog' that is no height: money called high, or 'niet zo hoog', does not make a small repair out
of reach (and so ours). Found by qa3 in a letter with a second question about rent benefit."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis

LETTER = ("Hallo, ik ben vorige maand verhuisd naar een galerijflat van jullie. Alleen druppelt de kraan in de keuken "
          "al een paar dagen, ook als hij helemaal dicht is. Wie moet de kraan repareren? En hoe kan ik huurtoeslag "
          "aanvragen, want mijn inkomen is niet zo hoog? Groetjes")


@pytest.mark.parametrize("text", [
    LETTER,
    "Mijn huur is erg hoog, en nu lekt de kraan in de badkamer ook nog. Moet ik die zelf maken?",
    "My rent is too high and the kitchen tap is dripping, who fixes the tap?",
])
def test_money_called_high_leaves_the_tap_to_the_tenant(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    analysis = analysed(text)
    match = analysis.as_match()
    assert match is not None and match.object.id == "kraanleertje"
    assert match.party == "huurder"


def test_a_part_that_hangs_high_is_still_out_of_reach(analysed: Callable[[str], RepairAnalysis]) -> None:
    text = "Het lampje buiten boven de voordeur zit erg hoog, ik kan er niet bij. Wie vervangt het?"
    match = analysed(text).as_match()
    assert match is not None and match.party == "verhuurder"
