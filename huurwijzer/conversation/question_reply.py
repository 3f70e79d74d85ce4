"""The whole reply to a service question (action_answer_question), decided in one call: a short answer
to an open follow-up goes to its own action; else, in the conversation's language, a message read
against the previous answer or the journey (in_context), else the knowledge answer, read against the
previous answer's subject when it points back (back_reference), in short texts for a tenant who asked
for simple language (maatwerk_flows.adapt, within a time budget), with a verified tenant's own situation
first (personal_questions), and in the journey the way back into it. Blocking (database, files): the
adapter runs it off the event loop, once per turn."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as BudgetSpent
from functools import lru_cache
from typing import Optional

from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import back_reference, in_context, journey_steps, kernel
from huurwijzer.conversation.answer_language import answer_language
from huurwijzer.conversation.answering import answer_variants
from huurwijzer.conversation.fear import fear_reply, unplaced_fear, with_fear_acknowledged
from huurwijzer.conversation.followup_flows import answer_after_followup
from huurwijzer.conversation.journey_offer import offers_journey, with_resume
from huurwijzer.conversation.journey_slots import ACTIVE as JOURNEY_ACTIVE
from huurwijzer.conversation.maatwerk_flows import adapt as adapt_to_tenant
from huurwijzer.conversation.personal_questions import SITUATION_INTENTS, with_own_situation
from huurwijzer.conversation.reply import Reply
from huurwijzer.conversation.suggestions import suggest_topics
from huurwijzer.conversation.turn_outcome import HANDED_TO_FOLLOWUP, TurnOutcome, answered

SIMPLE_LANGUAGE_BUDGET = 0.5  # seconds the simple-language lookup may add to a general answer
# Lookups still waiting on a slow database after their budget; they end with its timeouts.
SIMPLE_LANGUAGE_LOOKUPS = 4


def reply_to_question(svc: kernel.Services, content: Content, turn: kernel.Turn,
                      chosen: Optional[str]) -> TurnOutcome:
    """The reply to `turn`, a service question (`chosen`: the knowledge id a suggestion's button
    chose), with the live `content` in any language."""
    if answer_after_followup(svc, content, turn.sender_id, turn.text):  # the database is read only for such words
        return HANDED_TO_FOLLOWUP
    content = in_language(content, answer_language(svc, turn))
    in_journey = bool(turn.slots.get(JOURNEY_ACTIVE))
    if journey_steps.new_tenant_asks(turn):  # "hoi ik ben nieuwe huurder, wat moet ik doen"
        return journey_steps.WayOn(then=journey_steps.GO_ON).outcome()
    # A follow-up of the previous answer or of the journey ("de bovenburen doen niet open" after the leak)
    read = in_context.for_turn(content, turn)
    if read is not None:
        return answered(with_resume(content, read, in_journey))
    if unplaced_fear(turn.text, turn.intent, turn.confidence):  # a fear now, leaned to "huur betalen": what to do
        ranking = [{"name": turn.intent, "confidence": turn.confidence}]
        feared = fear_reply(content, suggest_topics(content, ranking, turn.text))
        return answered(with_resume(content, feared, in_journey), suggested=True)
    # Worked out once: with the offer of the tenant's own data, and without it (after their own situation).
    reply, plain = answer_variants(content, turn.intent, turn.confidence, turn.text, chosen)
    if in_journey and offers_journey(reply):  # "Bent u nieuwe huurder? ... Start kennismaking" inside the journey
        reply = plain  # (found as a new tenant, session 20): the way back into it follows instead
    # "wie moet dat betalen?" names no part: read against the previous answer's subject
    pointed = back_reference.read_against_previous(content, reply, turn.text, turn.previous_answer)
    if pointed is not reply:
        reply = plain = pointed
    answer = _simple_language(svc, content, turn.sender_id, reply)
    if reply.metadata.topic in SITUATION_INTENTS and not turn.text.startswith("/"):
        general = answer if answer is not reply else plain  # the short text, else the answer without the offer
        # A verified tenant sees their own rent, repairs or subscription first; anyone else gets `answer`.
        answer = with_own_situation(svc, content, turn, general) or answer
    answer = with_fear_acknowledged(content, turn.text, answer)  # "ik ben bang voor mijn buurman": acknowledged
    return answered(with_resume(content, answer, in_journey))


def _simple_language(svc: kernel.Services, content: Content, sender_id: str, reply: Reply) -> Reply:
    """Short texts for a tenant who asked for simple language; a slow database must not hold the
    answer: after SIMPLE_LANGUAGE_BUDGET seconds `reply` as it is."""
    if content.maatwerk is None:  # no simple language offered: nothing to look up
        return reply
    lookup = _lookups().submit(adapt_to_tenant, svc, content, sender_id, reply)
    try:
        return lookup.result(timeout=SIMPLE_LANGUAGE_BUDGET)
    except BudgetSpent:
        return reply


@lru_cache(maxsize=1)
def _lookups() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(SIMPLE_LANGUAGE_LOOKUPS, thread_name_prefix="simple-language")
