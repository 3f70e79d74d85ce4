"""Who-repairs asked with the verb of a maintenance task ("wie houdt ... schoon", "wie schroeft ... vast",
"wie ontstopt ..."): the classifier leaned to a neighbouring topic (garbage for "schoonhouden") without
conviction, and the gate did not ask the repair table because "wie houdt" was no way of asking who
(repairs6; ASKS_WHO in huurwijzer.content.repair_words). Every text was written for this test; the rankings
are the kind the trained model gave."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.understanding import REPAIR_INTENT, decide


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.mark.parametrize("text", [
    "Wie houdt de dakgoot van ons huis schoon?",
    "Wie ontstopt de wastafel als die verstopt is?",
    "Wie schroeft de losse plint weer vast?",
])
def test_a_task_verb_after_wie_asks_who_repairs(content: Content, text: str) -> None:
    decision = decide(text, ranking(("garbage", 0.58), (REPAIR_INTENT, 0.3), ("nuisance", 0.05)), content.repairs)
    assert (decision.intent, decision.reason) == (REPAIR_INTENT, "repair_table")


@pytest.mark.parametrize("text", ["Wie houdt de afvalcontainer bij?", "Wie zet de kliko buiten?"])
def test_garbage_in_its_own_words_stays_garbage(content: Content, text: str) -> None:
    assert decide(text, ranking(("garbage", 0.58), (REPAIR_INTENT, 0.3)), content.repairs).intent == "garbage"
