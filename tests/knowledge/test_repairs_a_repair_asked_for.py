"""A repair asked for as a noun ("er moet een reparatie aan de cv-installatie gebeuren, wie doet dat?", "wie betaalt
de reparatie aan de lift?") names the task as "moet gerepareerd worden" does. Before, the object was found without a
defect and the question fell back. Where the object word names objects of both parties, the tenant chooses with
buttons; the table is never guessed (issue 15, session 22). Texts written for this test."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.conversation.understanding import FALLBACK_INTENT, REPAIR_INTENT, decide


def _unsure() -> List[Dict[str, Any]]:
    return [{"name": REPAIR_INTENT, "confidence": 0.4}, {"name": "report_repair", "confidence": 0.3}]


def test_a_repair_of_an_installation_with_objects_of_both_parties_asks(analysed: Callable[[str], RepairAnalysis],
                                                                       content: Content) -> None:
    text = "er moet een reparatie aan de cv-installatie gebeuren, wie doet dat?"
    analysis = analysed(text)
    assert analysis.names_repair and analysis.ambiguous and analysis.party is not None
    offered = {o.id for o in (analysis.object, *analysis.alternatives) if o is not None}
    assert "cv-ketel" in offered
    assert decide(text, _unsure(), content.repairs, 0.5).intent == REPAIR_INTENT


def test_a_repair_of_ours_is_answered(analysed: Callable[[str], RepairAnalysis], content: Content) -> None:
    text = "wie betaalt de reparatie aan de lift?"
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == ("lift", "verhuurder")
    assert decide(text, _unsure(), content.repairs, 0.5).intent == REPAIR_INTENT


def test_asking_when_or_naming_no_object_of_the_table_stays_out(analysed: Callable[[str], RepairAnalysis],
                                                                content: Content) -> None:
    assert decide("wanneer komt de reparatie van de kraan?", _unsure(), content.repairs, 0.5).intent \
        == FALLBACK_INTENT
    assert analysed("wie betaalt de reparatie van mijn fiets?").object is None
