"""QA, session 20: after the fear reply ("ik ben echt bang"), "de bovenburen doen niet open" was read as nuisance
(the classifier reads each message alone; the fear reply named no answer to read it against). The fear reply's
metadata now names it as the context (reply.CONTEXT_KEY, not a knowledge id: that would ask "Heeft dit
geholpen?"), and the worry that the neighbours do not open gets what to do: 112 when someone may be in danger,
the police otherwise, and us. Through the SDK actions as Rasa calls them, each message with the reading the
trained model gave it (models/huurwijzer.tar.gz, session 20), the second after the first's real bot events."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ActionFallback
from huurwijzer.conversation import kernel
from huurwijzer.conversation.reply import CONTEXT_KEY

AFRAID = "ik ben echt bang"


def _latest(text: str, intent: str, confidence: float) -> Dict[str, Any]:
    return {"text": text, "intent": {"name": intent, "confidence": confidence},
            "intent_ranking": [{"name": intent, "confidence": confidence},
                               {"name": "bot_challenge", "confidence": 0.40}], "entities": []}


def _turn(action: Action, events: List[Dict[str, Any]], text: str, intent: str,
          confidence: float) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """The action's messages for `text` after `events`, and the events with this turn's user and bot events."""
    latest = _latest(text, intent, confidence)
    events = [*events, {"event": "user", "text": text, "parse_data": latest}]
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, Tracker("after-fear", {}, latest, events, False, None, {}, ""), {}))
    bot = [{"event": "bot", "text": m.get("text"), "data": {"buttons": m.get("buttons"), "custom": m.get("custom")}}
           for m in dispatcher.messages]
    return dispatcher.messages, events + bot


def _custom(messages: List[Dict[str, Any]]) -> Dict[str, Any]:
    return next(m["custom"] for m in messages if m.get("custom"))


def _text(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(str(m["text"]) for m in messages if m.get("text"))


@pytest.mark.parametrize("text, intent, confidence", [("de bovenburen doen niet open", "nuisance", 0.71),
                                                      ("ik hoor al dagen niks van mijn buurvrouw", "nuisance", 0.78)])
def test_neighbours_not_opening_after_the_fear_reply_is_that_worry(svc: kernel.Services, text: str, intent: str,
                                                                   confidence: float) -> None:
    feared, events = _turn(ActionFallback(), [], AFRAID, "nlu_fallback", 0.55)
    assert _text(feared).startswith("Wat naar dat u bang bent")
    messages, _ = _turn(ActionAnswerQuestion(), events, text, intent, confidence)
    said = _text(messages)
    assert "112" in said and "0900 - 8844" in said and "buren niet opendoen" in said  # was the nuisance answer
    assert _custom(messages)["knowledge_id"] is None  # no "Heeft dit geholpen?" under it
    assert _custom(feared).get(CONTEXT_KEY) == "fear_support" and _custom(feared)["knowledge_id"] is None


def test_without_the_fear_reply_before_it_stays_nuisance(svc: kernel.Services) -> None:
    messages, _ = _turn(ActionAnswerQuestion(), [], "de bovenburen doen niet open", "nuisance", 0.71)
    answered = _custom(messages)
    assert answered["knowledge_id"] == "burenoverlast" and CONTEXT_KEY not in answered
    # after the fear reply, a message about something else keeps its own reading
    _, events = _turn(ActionFallback(), [], AFRAID, "nlu_fallback", 0.55)
    messages, _ = _turn(ActionAnswerQuestion(), events, "de bovenburen maken veel lawaai", "nuisance", 0.9)
    assert _custom(messages)["knowledge_id"] == "burenoverlast"
