"""The answering actions are thin: the turn read from the tracker once, one call into the plain domain
layer off the event loop (one thread hop per action, not one per sub-step), the outcome translated.
Before, action_answer_question and action_fallback chained the follow-up check, the language, the
content, the reading in context, the answer, the back reference and the own situation, each in a thread
of its own, and the turn's decided language and previous answer were read from the events more than once."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, List

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

import actions.sdk_turn as sdk_turn
from actions.actions import ActionAnswerQuestion, ActionFallback, ActionHandover, ActionReply
from actions.personal_actions import ActionPersonal
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import Content
from huurwijzer.conversation import back_reference, kernel

LEAK_ANSWERED = [{"event": "user", "text": "er is een grote lekkage", "parse_data": {PARSE_KEY: "nl"}},
                 {"event": "bot", "text": "...", "data": {"custom": {"topic": "x", "knowledge_id": "lekkage-spoed"}}}]


def _tracker(text: str, intent: str, events: List[Dict[str, Any]], **slots: Any) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9},
                              "intent_ranking": [{"name": intent, "confidence": 0.9}], "entities": []}
    return Tracker("one-call", slots, latest, [*events, {"event": "user", "text": text}], False, None, {}, "")


@pytest.fixture()
def hops(monkeypatch: pytest.MonkeyPatch) -> List[str]:
    """The name of every function an action hands to a thread (asyncio.to_thread)."""
    handed: List[str] = []
    to_thread = asyncio.to_thread

    async def counted(func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        handed.append(getattr(func, "__qualname__", repr(func)))
        return await to_thread(func, *args, **kwargs)
    monkeypatch.setattr(asyncio, "to_thread", counted)
    return handed


def _run(action: Action, tracker: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages


@pytest.mark.parametrize(("action", "text", "intent", "said"), [
    (ActionAnswerQuestion(), "wanneer moet ik de huur betalen", "rent_payment", "huur"),  # own situation looked for
    (ActionAnswerQuestion(), "wie moet dat betalen?", "repair_responsibility", "Ik lees uw vraag als"),
    (ActionFallback(), "wie mot dat make", "nlu_fallback", "Ik lees uw vraag als"),
    (ActionFallback(), "blablabla qwerty", "nlu_fallback", ""),  # the topics offered
    (ActionReply(), "hallo", "greet", "Huurwijzer"),
    (ActionHandover(), "medewerker", "human_handover", ""),
    (ActionPersonal(), "wat is mijn huur", "my_rent", ""),
])
def test_each_action_makes_one_thread_hop(svc: kernel.Services, hops: List[str], action: Action, text: str,
                                          intent: str, said: str) -> None:
    messages = _run(action, _tracker(text, intent, LEAK_ANSWERED))
    assert said in str(messages[0].get("text"))
    assert len(hops) == 1, hops


@pytest.mark.parametrize(("action", "text", "intent"), [
    (ActionAnswerQuestion(), "wie moet dat betalen?", "repair_responsibility"),
    (ActionFallback(), "who pays for that?", "nlu_fallback"),
    (ActionPersonal(), "wat is mijn huur", "my_rent"),
])
def test_the_turn_is_read_from_the_events_once(svc: kernel.Services, monkeypatch: pytest.MonkeyPatch,
                                               action: Action, text: str, intent: str) -> None:
    """The decided language and the previous answer's subject: once per action (sdk_turn.turn_from),
    passed on in the turn (answer_language, back_reference)."""
    read: List[str] = []

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def count(*args: Any) -> Any:
            read.append(name)
            return real(*args)
        return count
    monkeypatch.setattr(sdk_turn, "decided_language", counting("language", sdk_turn.decided_language))
    monkeypatch.setattr(back_reference, "previous_subject", counting("previous", back_reference.previous_subject))
    _run(action, _tracker(text, intent, LEAK_ANSWERED))
    assert sorted(read) == ["language", "previous"]


def test_a_short_answer_to_a_follow_up_is_handed_on_in_one_hop(svc: kernel.Services, content: Content,
                                                               hops: List[str],
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from huurwijzer.conversation import basic_reply_turn, fallback_reply, question_reply

    for module in (question_reply, fallback_reply, basic_reply_turn):
        monkeypatch.setattr(module, "answer_after_followup", lambda *args: "followup_all_good")
    for action, intent in ((ActionAnswerQuestion(), "rent_payment"), (ActionFallback(), "nlu_fallback"),
                           (ActionReply(), "thank")):
        hops.clear()
        dispatcher = CollectingDispatcher()
        events = asyncio.run(action.run(dispatcher, _tracker("all good thanks", intent, []), {}))
        assert dispatcher.messages == [] and len(hops) == 1
        assert events == [{"event": "slot", "timestamp": None, "name": "fallback_suggested", "value": False},
                          {"event": "followup", "timestamp": None, "name": "action_followup_answer"}]
