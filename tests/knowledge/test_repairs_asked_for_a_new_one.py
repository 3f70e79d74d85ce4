"""Asked for a new one ("wie betaalt een nieuwe kraan", "het vervangen van de kraan", "a new tap"), with an object
word no pattern matched: the table's object whose name says replacing it answers ("kraan vervangen (versleten)";
domain facts A8: replacing sanitary fittings is the landlord's, its condition names the tenant's own damage).
Before, no object was found. A "new" elsewhere in the message asks for nothing new (issue 15, session 21). Texts
written for this test."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.understanding import REPAIR_INTENT


@pytest.mark.parametrize("text, object_id, party", [
    ("wie betaalt een nieuwe kraan", "kraan-vervangen", "verhuurder"),
    ("wie betaalt het vervangen van de kraan?", "kraan-vervangen", "verhuurder"),
    ("moet ik een nieuw toilet zelf betalen?", "toilet-vervangen", "verhuurder"),
    ("who pays for a new tap?", "kraan-vervangen", "verhuurder"),
])
def test_a_new_one_is_the_object_that_says_replacing(analysed: Callable[[str], RepairAnalysis], content: Content,
                                                     text: str, object_id: str, party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)
    reply = answer_question(content, REPAIR_INTENT, 0.9, text, None)
    assert (reply.metadata.knowledge_id, reply.metadata.responsible_party) == (f"repair/{object_id}", party)


@pytest.mark.parametrize("text", [
    "ik ben een nieuwe huurder, wie repareert mijn kraan?",
    "wie repareert mijn kraan?",
])
def test_new_elsewhere_asks_for_nothing_new(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    assert analysed(text).object is None


def test_the_own_damage_still_decides(analysed: Callable[[str], RepairAnalysis]) -> None:
    analysis = analysed("ik heb de kraan per ongeluk kapotgemaakt, wie betaalt een nieuwe kraan?")
    assert analysis.party == "huurder"
