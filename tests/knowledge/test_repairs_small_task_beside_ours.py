"""A tenant's small part or task named beside one of our objects (domain facts A7): a compound that ends with the
part is the part ("het ventilatierooster in het plafond zit los" is the grille, not the ceiling), and whitening or
fixing in place picks the tenant's object the message names beside ours ("de berging witten" is whitening). Not
beside our defect (a leak left too long, A5), and no doubt when no tenant's object is named (a loose gutter is
ours). The kind of error most common in the analysis of the retired sets' and repairs_abc's check half (session
21). Texts written for this test."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text, object_id, party", [
    ("Het ventilatierooster in de badkamer aan het plafond hangt los, wie zet het vast?", "ventilatieroosters",
     "huurder"),
    ("Moet ik de berging zelf witten?", "plafond-witten", "huurder"),
])
def test_the_tenants_task_beside_our_object(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                                            party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)


@pytest.mark.parametrize("text, object_id, party", [
    # beside our defect: the whitening after a leak we left is ours (A5)
    ("Het dak heeft maanden gelekt voor jullie het repareerden. Nu zitten er grote bruine kringen op het plafond. "
     "Moet ik dat plafond op eigen kosten witten?", "plafond-lekschade", "verhuurder"),
    # no tenant's object beside ours: fixing it in place stays ours, without doubt
    ("De dakgoot hangt los aan de voorkant, wie zet die vast?", "dakgoot-lek", "verhuurder"),
])
def test_our_object_stays_ours(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                               party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)
    assert not analysis.ambiguous
