"""The whole reply to a greeting, goodbye, thanks, bot challenge, small talk, out of scope, abuse,
misuse or a change of language (action_reply), decided in one call: a short answer to an open
follow-up goes to its own action; else the basic reply in the conversation's language, a verified new
tenant's greeting with the offer of the onboarding journey, and in the journey the way back into it.
Blocking (database, files): the adapter runs it off the event loop, once per turn."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import journey_offer, journey_steps, kernel
from huurwijzer.conversation.answer_language import answer_language
from huurwijzer.conversation.answering import basic_reply, contact_route
from huurwijzer.conversation.followup_flows import answer_after_followup
from huurwijzer.conversation.journey_slots import ACTIVE as JOURNEY_ACTIVE
from huurwijzer.conversation.reply import AnswerMetadata, Reply
from huurwijzer.conversation.turn_outcome import FALLBACK_SLOT, HANDED_TO_FOLLOWUP, TurnOutcome

# Basic replies after which the journey's way back is offered: "ok", "👍" or "bedankt" under a step got
# "Waar kan ik u mee helpen?" and the journey was out of sight (QA, session 16).
RESUMED_AFTER = frozenset({"greet", "thank", "smalltalk", "bot_challenge", "out_of_scope"})


def reply_to_basic_intent(svc: kernel.Services, content: Content, turn: kernel.Turn) -> TurnOutcome:
    """The reply to `turn`, classified as one of the basic intents, with the live `content` in any language."""
    if answer_after_followup(svc, content, turn.sender_id, turn.text):  # the database is read only for such words
        return HANDED_TO_FOLLOWUP
    if turn.intent in RESUMED_AFTER and journey_steps.acknowledges_step(turn):
        return TurnOutcome(slots={FALLBACK_SLOT: False}, then=journey_steps.GO_ON)  # "ok" under a step: Verder
    content = in_language(content, answer_language(svc, turn))
    reply = basic_reply(content, turn.intent, turn.confidence, turn.text)
    if turn.intent == "out_of_scope":
        reply = not_ours_reply(content, turn.not_ours_subject, reply)
    slots = {FALLBACK_SLOT: False}
    if turn.intent == "greet":  # a verified new tenant is offered the onboarding journey
        offer = journey_offer.greeting_offer(svc, content, turn)
        reply = journey_offer.with_offer(reply, offer)
        slots.update(journey_offer.offer_slots(offer))
    if turn.intent in RESUMED_AFTER:  # in the middle of the journey: the way back into it, as after a question
        reply = journey_offer.with_resume(content, reply, bool(turn.slots.get(JOURNEY_ACTIVE)))
    return TurnOutcome(reply, slots)


def not_ours_reply(content: Content, subject_id: Optional[str], general: Reply) -> Reply:
    """Out of scope: the answer of the subject staff listed as not ours that the NLU gate matched (`subject_id`;
    where to go instead, knowledge/niet-van-ons/), in English when the conversation is and the subject has it;
    else `general` (no subject matched, or staff removed it since)."""
    subject = next((s for s in content.not_ours if s.id == subject_id), None) if subject_id else None
    if subject is None:
        return general
    english = content.language == ENGLISH and subject.answer_en is not None
    answer = subject.answer_en if english and subject.answer_en else subject.answer
    return Reply(render(answer, content.profile.variables), general.metadata, general.reply_name, general.buttons)


def reply_to_handover(svc: kernel.Services, content: Content, turn: kernel.Turn,
                      now: datetime) -> TurnOutcome:
    """"Ik wil een medewerker": the contact route that works at `now`; "terug" alone, which the
    classifier reads as asking for a person, goes back instead (journey_steps.way_back)."""
    content = in_language(content, answer_language(svc, turn))
    back = journey_steps.way_back(content, turn)
    if back is not None:
        return back.outcome()
    return TurnOutcome(contact_route(content, now, "handover", AnswerMetadata("human_handover", turn.confidence)),
                       {FALLBACK_SLOT: False})
