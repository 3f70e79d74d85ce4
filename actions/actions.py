"""Rasa SDK actions. Each one reads the turn from the tracker, makes one call into the domain layer
(huurwijzer.conversation: basic_reply_turn, question_reply, fallback_reply, answering) off the event
loop, and sends the reply plus its metadata message."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.sdk_turn import outcome_events, turn_from
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import live_content
from huurwijzer.conversation import kernel
from huurwijzer.conversation.answering import local_now
from huurwijzer.conversation.basic_reply_turn import reply_to_basic_intent, reply_to_handover
from huurwijzer.conversation.fallback_reply import reply_to_fallback
from huurwijzer.conversation.question_reply import reply_to_question
from huurwijzer.conversation.turn_outcome import FALLBACK_SLOT
from huurwijzer.settings import get_settings

__all__ = ["FALLBACK_SLOT", "ActionAnswerQuestion", "ActionFallback", "ActionHandover", "ActionReply"]


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


class ActionReply(Action):
    """Greeting, goodbye, thanks, bot challenge, small talk, out of scope, abuse, misuse, a change of language."""

    def name(self) -> str:
        return "action_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        outcome = await asyncio.to_thread(lambda: reply_to_basic_intent(kernel.services(), live_content(), turn))
        return outcome_events(dispatcher, outcome)


class ActionAnswerQuestion(Action):
    """A service question, answered from the knowledge base."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn, chosen = turn_from(tracker), _entity(tracker, "knowledge_id")
        outcome = await asyncio.to_thread(lambda: reply_to_question(kernel.services(), live_content(), turn, chosen))
        return outcome_events(dispatcher, outcome)


class ActionHandover(Action):
    """'Ik wil een medewerker': the contact route that works at this moment."""

    def name(self) -> str:
        return "action_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn, now = turn_from(tracker), local_now(get_settings().timezone)
        outcome = await asyncio.to_thread(lambda: reply_to_handover(kernel.services(), live_content(), turn, now))
        return outcome_events(dispatcher, outcome)


class ActionFallback(Action):
    """Two-stage fallback: first suggest likely topics, then offer a person."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        turn = turn_from(tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        written_in = (tracker.latest_message or {}).get(PARSE_KEY)
        detected = written_in if isinstance(written_in, str) else None
        outcome = await asyncio.to_thread(lambda: reply_to_fallback(kernel.services(), live_content(), turn, ranking,
                                                                    detected))
        return outcome_events(dispatcher, outcome)
