"""QA, session 20: "help" got the help answer (what the assistant does, the way to a person), "hulp" the fallback's
topics as buttons: the classifier cannot place "hulp", "hulp nodig" or "ik heb hulp nodig" (nlu_fallback on
models/huurwijzer.tar.gz, session 20). Through action_fallback as Rasa calls it. "hulp bij huurschuld" is read as
rent payment and never reaches the fallback; a longer message with "hulp" in it that does still gets the topics."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker

from actions.actions import ActionFallback
from huurwijzer.conversation import kernel
from tests.actions.test_followup_answer_fallback import run


def _fallback(text: str) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.55},
                              "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55},
                                                 {"name": "greet", "confidence": 0.28}], "entities": []}
    events: List[Dict[str, Any]] = [{"event": "user", "text": text, "parse_data": latest}]
    return Tracker("help-fallback", {}, latest, events, False, None, {}, "")


@pytest.mark.parametrize("text", ["hulp", "Hulp!", "hulp nodig", "ik heb hulp nodig"])
def test_hulp_gets_the_help_answer(svc: kernel.Services, text: str) -> None:
    messages, _ = run(ActionFallback(), _fallback(text))
    said = "\n".join(str(m["text"]) for m in messages)
    assert said.startswith("Ik help u graag") and "Ik weet niet zeker" not in said  # were the topics
    assert any(b["payload"] == "/human_handover" for m in messages for b in m.get("buttons") or [])


def test_a_longer_message_with_hulp_still_gets_the_topics(svc: kernel.Services) -> None:
    messages, _ = run(ActionFallback(), _fallback("ik zoek hulp bij mijn schulden en de huur"))
    assert "Ik help u graag" not in "\n".join(str(m["text"]) for m in messages)
