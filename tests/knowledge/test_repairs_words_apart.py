"""Session 15 (nluqa2 left): in a letter, a pattern whose words lie far apart ("een nieuwe baan ... de
kraan in de keuken lekt" matched "nieuwe keuken") beat the pattern whose words stand together. The
letters are ours, written for this test."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis

LETTERS = [
    ("Goedemorgen, ik heb sinds kort een nieuwe baan en werk daardoor veel over. Gisteren zag ik dat de kraan in de "
     "keuken lekt. Moet ik dat zelf laten maken?", "kraanleertje", "huurder"),
    ("Hallo, ik heb net een nieuwe baan gevonden en de kraan in de keuken lekt. Wie moet dat maken?",
     "kraanleertje", "huurder"),
    ("Hallo, wij hebben een nieuwe hond en die blaft veel, sorry voor de buren. Maar mijn vraag: het toilet in de "
     "badkamer is verstopt. Is dat voor mij?", "wc-verstopt", "huurder"),
    ("Hello, the letterbox flap of the front door hangs loose since the storm, do I fix that?",
     "brievenbus", "huurder"),
]
# Words that stand together keep winning, and a pattern with more words still beats one with fewer.
KEPT = [
    ("Hallo, wij willen graag een nieuwe keuken, de oude is van 1985. Wie betaalt dat?", "keuken-versleten"),
    ("de cv-ketel geeft 0,5 bar aan, wie vult hem bij?", "cv-bijvullen"),
    ("De brievenbus in de voordeur klemt", "brievenbus"),
    ("de voordeur klemt, wie moet dat maken?", "buitendeur"),
]


@pytest.mark.parametrize("text, object_id, party", LETTERS)
def test_the_pattern_whose_words_stand_together_wins(analysed: Callable[[str], RepairAnalysis], text: str,
                                                     object_id: str, party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id
    assert analysis.party == party


@pytest.mark.parametrize("text, object_id", KEPT)
def test_words_together_keep_their_object(analysed: Callable[[str], RepairAnalysis], text: str,
                                          object_id: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and analysis.object.id == object_id
