"""Rasa SDK actions. Each one reads the tracker, makes one call into the domain layer
(huurwijzer.conversation.answering) and sends the reply plus its metadata message."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any, Dict, List, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.followup_actions import ActionFollowupAnswer
from actions.sdk_turn import language_of, send, turn_from
from huurwijzer.content.language import PARSE_KEY, is_other
from huurwijzer.content.loader import Content, in_language, live_content
from huurwijzer.conversation import back_reference, in_context, journey_offer, journey_steps, kernel, personal_questions
from huurwijzer.conversation.answering import (
    answer_variants,
    basic_reply,
    best_guess_topic,
    contact_route,
    empty_message_reply,
    local_now,
    other_language_reply,
)
from huurwijzer.conversation.followup_flows import answer_after_followup
from huurwijzer.conversation.journey_offer import with_resume
from huurwijzer.conversation.journey_slots import ACTIVE as JOURNEY_ACTIVE
from huurwijzer.conversation.maatwerk_flows import adapt as adapt_to_tenant
from huurwijzer.conversation.personal_questions import SITUATION_INTENTS
from huurwijzer.conversation.reply import AnswerMetadata, Reply
from huurwijzer.conversation.suggestions import suggest_topics
from huurwijzer.settings import get_settings

FALLBACK_SLOT = "fallback_suggested"
SIMPLE_LANGUAGE_BUDGET = 0.5  # seconds the simple-language lookup may add to a general answer


def _intent(tracker: Tracker) -> tuple[str, float]:
    intent = tracker.latest_message.get("intent") or {}
    return str(intent.get("name") or ""), float(intent.get("confidence") or 0.0)


def _entity(tracker: Tracker, name: str) -> Optional[str]:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None



# Basic replies after which the journey's way back is offered: "ok", "👍" or "bedankt" under a step got
# "Waar kan ik u mee helpen?" and the journey was out of sight (QA, session 16).
RESUMED_AFTER = frozenset({"greet", "thank", "smalltalk", "bot_challenge", "out_of_scope"})


async def _answers_a_followup(tracker: Tracker) -> bool:
    """A short answer to an open follow-up by its words ("all good thanks", "there is a problem"), which
    the classifier may put confidently under another intent; it goes to action_followup_answer
    (followup_flows.answer_after_followup; the database is read only when the words are such an answer)."""
    question = str(tracker.latest_message.get("text") or "")
    return bool(await asyncio.to_thread(lambda: answer_after_followup(kernel.services(), tracker.sender_id, question)))


HANDED_TO_FOLLOWUP: List[EventType] = [SlotSet(FALLBACK_SLOT, False), FollowupAction(ActionFollowupAnswer.action_name)]


class ActionReply(Action):
    """Greeting, goodbye, thanks, bot challenge, small talk, out of scope, abuse, misuse, a change of language."""

    def name(self) -> str:
        return "action_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        if await _answers_a_followup(tracker):
            return list(HANDED_TO_FOLLOWUP)
        intent, confidence = _intent(tracker)
        if intent in RESUMED_AFTER and journey_steps.acknowledges_step(turn_from(tracker)):
            return [SlotSet(FALLBACK_SLOT, False), FollowupAction(journey_steps.GO_ON)]  # "ok" under a step: Verder
        content = in_language(await asyncio.to_thread(live_content), await language_of(tracker))
        reply = basic_reply(content, intent, confidence, str(tracker.latest_message.get("text") or ""))
        events: List[EventType] = [SlotSet(FALLBACK_SLOT, False)]
        if intent == "greet":  # a verified new tenant is offered the onboarding journey
            offer = await asyncio.to_thread(lambda: journey_offer.greeting_offer(kernel.services(), content,
                                                                          turn_from(tracker)))
            reply = journey_offer.with_offer(reply, offer)
            events += [SlotSet(name, value) for name, value in journey_offer.offer_slots(offer)]
        if intent in RESUMED_AFTER:  # in the middle of the journey: the way back into it, as after a question
            reply = with_resume(content, reply, bool(tracker.get_slot(JOURNEY_ACTIVE)))
        send(dispatcher, reply)
        return events


class ActionAnswerQuestion(Action):
    """A service question, answered from the knowledge base."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        if await _answers_a_followup(tracker):
            return list(HANDED_TO_FOLLOWUP)
        intent, confidence = _intent(tracker)
        question = str(tracker.latest_message.get("text") or "")
        chosen = _entity(tracker, "knowledge_id")
        language = await language_of(tracker)
        content = in_language(await asyncio.to_thread(live_content), language)
        # A follow-up of the previous answer or of the journey ("de bovenburen doen niet open" after the leak)
        read = await asyncio.to_thread(in_context.for_turn, content, turn_from(tracker))
        if read is not None:
            send(dispatcher, with_resume(content, read, bool(tracker.get_slot(JOURNEY_ACTIVE))))
            return [SlotSet(FALLBACK_SLOT, False)]
        # Worked out once: with the offer of the tenant's own data, and without it (after their own situation).
        reply, plain = await asyncio.to_thread(answer_variants, content, intent, confidence, question, chosen)
        # "wie moet dat betalen?" names no part: read against the previous answer's subject
        pointed = await asyncio.to_thread(back_reference.read_against_previous, content, reply, question,
                                          tracker.events or [])
        if pointed is not reply:
            reply = plain = pointed
        # Short texts for a tenant who asked for simple language; a slow database must not hold the answer.
        answer = reply
        with contextlib.suppress(asyncio.TimeoutError):
            answer = await asyncio.wait_for(asyncio.to_thread(adapt_to_tenant, kernel.services(), content,
                                                              tracker.sender_id, reply), SIMPLE_LANGUAGE_BUDGET)
        if reply.metadata.topic in SITUATION_INTENTS and not question.startswith("/"):
            general = answer if answer is not reply else plain  # the short text, else the answer without the offer
            answer = await asyncio.to_thread(_own_situation_first, tracker, content, answer, general)
        send(dispatcher, with_resume(content, answer, bool(tracker.get_slot(JOURNEY_ACTIVE))))
        return [SlotSet(FALLBACK_SLOT, False)]


def _own_situation_first(tracker: Tracker, content: Content, reply: Reply, general: Reply) -> Reply:
    """A verified tenant sees their own rent, repairs or subscription before the general answer
    `general`; anyone else gets `reply`."""
    return personal_questions.with_own_situation(kernel.services(), content, turn_from(tracker), general) or reply


class ActionHandover(Action):
    """'Ik wil een medewerker': the contact route that works at this moment."""

    def name(self) -> str:
        return "action_handover"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        _, confidence = _intent(tracker)
        content = in_language(await asyncio.to_thread(live_content), await language_of(tracker))
        back = journey_steps.way_back(content, turn_from(tracker))  # "terug" alone: no person asked for
        if back is not None:
            return _go(dispatcher, back)
        now = local_now(get_settings().timezone)
        send(dispatcher, contact_route(content, now, "handover",
                                       AnswerMetadata("human_handover", confidence)))
        return [SlotSet(FALLBACK_SLOT, False)]


def _go(dispatcher: CollectingDispatcher, way: journey_steps.WayOn) -> List[EventType]:
    """Says the way's reply, sets its slots and runs its next action."""
    if way.step.reply is not None:
        send(dispatcher, way.step.reply)
    return [SlotSet(FALLBACK_SLOT, False), *(SlotSet(name, value) for name, value in way.step.slots.items()),
            *([FollowupAction(way.then)] if way.then else [])]


class ActionFallback(Action):
    """Two-stage fallback: first suggest likely topics, then offer a person."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[EventType]:
        intent, confidence = _intent(tracker)
        ranking = tracker.latest_message.get("intent_ranking") or []
        question = str(tracker.latest_message.get("text") or "")
        suggested = bool(tracker.get_slot(FALLBACK_SLOT))
        content = await asyncio.to_thread(live_content)
        written_in = (tracker.latest_message or {}).get(PARSE_KEY)
        if isinstance(written_in, str) and is_other(written_in):  # a language we do not answer in
            send(dispatcher, other_language_reply(content, written_in))
            return [SlotSet(FALLBACK_SLOT, False)]
        content = in_language(content, await language_of(tracker))
        if not question.strip():
            send(dispatcher, empty_message_reply(content))
            return []
        in_journey = bool(tracker.get_slot(JOURNEY_ACTIVE))  # a tenant mid-journey keeps the way back
        way = journey_steps.way_on(content, turn_from(tracker))  # "ja, graag", "overslaan", "stop", "nee", ...
        if way is not None:
            return _go(dispatcher, way)
        # "stop messages", "all good", "problem" after a follow-up: its answer (followup_flows.answer_intent)
        if await _answers_a_followup(tracker):
            return list(HANDED_TO_FOLLOWUP)
        # "wie mot dat make" or "who pays for that?" right after an answer: read against that answer
        read = await asyncio.to_thread(in_context.for_turn, content, turn_from(tracker))
        if read is None:
            read = await asyncio.to_thread(back_reference.answer_in_fallback, content, question, tracker.events or [],
                                           confidence)
        if read is not None:
            send(dispatcher, with_resume(content, read, in_journey))
            return [SlotSet(FALLBACK_SLOT, False)]
        if suggested:
            topic, guess = best_guess_topic(ranking)
            now = local_now(get_settings().timezone)
            send(dispatcher, with_resume(content, contact_route(content, now, "fallback_human",
                                                                AnswerMetadata(topic, guess)), in_journey))
            return [SlotSet(FALLBACK_SLOT, False)]
        if intent == "deny":
            send(dispatcher, basic_reply(content, "deny", confidence))
            return []
        reply = await asyncio.to_thread(suggest_topics, content, ranking, question)
        send(dispatcher, with_resume(content, reply, in_journey))
        return [SlotSet(FALLBACK_SLOT, True)]
