"""Who maintains it, and a breakage said as one word (issue 15, session 22): "wie onderhoudt de brandslang in het
trappenhuis?" names the task as a verb, as "who maintains" does in English, and "glasbreuk" names the defect inside
the word. Before, the analysis found the object without a defect or task, so the question fell back. The noun
("het onderhoud") stays no task: a message about anything can hold it. Texts written for this test."""

from __future__ import annotations

from typing import Any, Callable, Dict, List

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.conversation.understanding import FALLBACK_INTENT, REPAIR_INTENT, decide


def _ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("text, object_id, party", [
    ("wie onderhoudt de brandslang in het trappenhuis?", "trappenhuis", "verhuurder"),
    ("wie moet de lift onderhouden?", "lift", "verhuurder"),
    ("is ruitbreuk voor de huurder of de verhuurder?", "glas", None),  # the table says it depends: it explains
    ("wie betaalt bij glasbreuk?", "glas", None),
])
def test_maintaining_and_breakage_name_the_task(analysed: Callable[[str], RepairAnalysis], content: Content,
                                                text: str, object_id: str, party: str) -> None:
    analysis = analysed(text)
    assert analysis.names_repair and analysis.object is not None and analysis.object.id == object_id
    assert analysis.party == party
    unsure = _ranking((REPAIR_INTENT, 0.4), ("report_repair", 0.3))
    assert decide(text, unsure, content.repairs, 0.5).intent == REPAIR_INTENT


def test_the_noun_maintenance_names_no_task(analysed: Callable[[str], RepairAnalysis], content: Content) -> None:
    text = "wie regelt het onderhoud van de lift?"
    assert analysed(text).defect is None
    unsure = _ranking((REPAIR_INTENT, 0.4), ("report_repair", 0.3))
    assert decide(text, unsure, content.repairs, 0.5).intent == FALLBACK_INTENT
