"""QA, session 20: "Hello, I have a leak in my bathroom, who fixes it?" fell back. The repair table had no English
leak in a room (the Dutch "lekkage badkamer" names the water pipes), and no English pattern with "bathroom" ever
matched: the word was taken for the bath's stem by chance ("bathroom" holds "bath"). Through the confidence gate
with the classifier's ranking of the message (models/huurwijzer.tar.gz, session 20), then the answering action."""

from __future__ import annotations

from typing import Any, Dict, List

from actions.actions import ActionAnswerQuestion
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.conversation import kernel
from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.understanding import REPAIR_INTENT
from tests.actions.test_english_answers import said, text_of, tracker

LEAK = "Hello, I have a leak in my bathroom, who fixes it?"
# The classifier's own ranking of LEAK (below the threshold alone)
RANKING: List[Dict[str, Any]] = [{"name": "repair_responsibility", "confidence": 0.458},
                                 {"name": "emergency_repair", "confidence": 0.189},
                                 {"name": "insurance", "confidence": 0.047},
                                 {"name": "out_of_scope", "confidence": 0.037}]


def test_an_english_leak_in_the_bathroom_asking_who_gets_the_who_repairs_answer(svc: kernel.Services,
                                                                               content: Content) -> None:
    decided = gate_decision(LEAK, RANKING, content.repairs, content.emergencies, 0.5, None)
    assert decided.intent == REPAIR_INTENT  # was nlu_fallback
    messages = said(ActionAnswerQuestion(), tracker("en-leak", decided.intent, LEAK))
    answer = text_of(messages)
    assert "pipes" in answer.lower() and "landlord" in answer.lower()


def test_english_patterns_with_bathroom_match(content: Content) -> None:
    worn = analyse(content.repairs, "my bathroom is worn out, who replaces it?").object
    assert worn is not None and worn.id == "badkamer-vervangen"  # was a worn tap: ("bathroom", "worn") never matched
    bath = analyse(content.repairs, "the bath leaks, who pays?").object
    assert bath is not None and bath.id == "bad"  # the bath is still the bath
    assert analyse(content.repairs, "there is a leak in the kitchen, who pays?").object is not None
