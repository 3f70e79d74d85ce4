"""The whole reply to a message the classifier could not place (action_fallback), decided in one call.
In order: a language the assistant does not answer in gets how to reach a person; an empty message
says so; a message about the open journey goes on with it (journey_steps.way_on), but a "stop" answers
what was shown last (a follow-up sent after the journey was shown); a short answer to an open follow-up
goes to its own action, and so does a bare "STOP" with none open (followup_flows.followup_answer: the
follow-ups stopped, or nothing open to stop); a message read against the previous answer or the journey
(in_context, then back_reference: "who pays for that?") gets that answer; a second fallback in a row
offers a person; "nee" gets its reply; else the likeliest topics as buttons (suggestions), under an
acknowledgement and what to do now when the tenant says they are afraid (fear). Blocking
(database, files): the adapter runs it off the event loop, once per turn."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from typing import Any, Mapping, Optional, Sequence

from huurwijzer.content.language import is_other
from huurwijzer.content.loader import Content, in_language
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.conversation import back_reference, in_context, journey_steps, kernel
from huurwijzer.conversation import journey_words as words
from huurwijzer.conversation.answer_language import answer_language
from huurwijzer.conversation.answering import (
    basic_reply,
    best_guess_topic,
    contact_route,
    empty_message_reply,
    local_now,
    other_language_reply,
)
from huurwijzer.conversation.fear import fear_reply, says_fear
from huurwijzer.conversation.followup_flows import (
    ASKED,
    CONSENT_PAYLOAD,
    DECLINE_INTENT,
    STOP_INTENT,
    answer_after_followup,
    answer_intent,
    consent_answer,
)
from huurwijzer.conversation.help_plea import HELP_REPLY, is_plea_for_help
from huurwijzer.conversation.journey_offer import JOURNEY_PAYLOADS, with_resume
from huurwijzer.conversation.journey_slots import ACTIVE as JOURNEY_ACTIVE
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.repair_withdrawal import is_confirmation
from huurwijzer.conversation.reply import AnswerMetadata, fixed_reply
from huurwijzer.conversation.shared_names import MEDIA_KEY
from huurwijzer.conversation.suggestions import suggest_topics
from huurwijzer.conversation.turn_outcome import FALLBACK_SLOT, HANDED_TO_FOLLOWUP, TurnOutcome, answered
from huurwijzer.settings import get_settings
from huurwijzer.tenancy.identity import parse_date_of_birth, parse_postcode

VERIFY_AGAIN = f"/{kernel.VERIFY}"  # the button under "Met deze gegevens kan ik u niet inloggen"


def _stop_says_no(turn: kernel.Turn) -> bool:
    """The assistant's last message asked a yes or no that a "stop" answers with no: "Wilt u verder met de
    kennismaking?", "Mogen wij u berichten sturen?", "Wilt u dit verzoek intrekken?"."""
    return bool(JOURNEY_PAYLOADS & set(turn.offered)) or CONSENT_PAYLOAD in turn.offered or \
        any(is_confirmation(p) for p in turn.offered)


def reply_to_fallback(svc: kernel.Services, content: Content, turn: kernel.Turn,
                      ranking: Sequence[Mapping[str, Any]], written_in: Optional[str]) -> TurnOutcome:
    """The reply to `turn` (the classifier's `ranking`; `written_in`: the language detected in the
    message, when there is one), with the live `content` in any language."""
    if written_in is not None and is_other(written_in):  # a language we do not answer in
        return answered(other_language_reply(content, written_in))
    content = in_language(content, answer_language(svc, turn))
    if not turn.text.strip():  # a photo or voice message without text: we cannot see or hear it
        return TurnOutcome(empty_message_reply(content, bool(turn.metadata.get(MEDIA_KEY))))
    in_journey = bool(turn.slots.get(JOURNEY_ACTIVE))  # a tenant mid-journey keeps the way back
    way = journey_steps.way_on(content, turn)  # "ja, graag", "overslaan", "stop", "nee", ...
    # A "stop" answers what was shown last: a follow-up that came after the journey's offer or step, not the
    # journey (QA, session 20: "Prima, we gaan later verder" and the follow-ups went on)
    if way is not None and turn.journey_shown_at is not None and \
            answer_after_followup(svc, content, turn.sender_id, turn.text, sent_after=turn.journey_shown_at):
        return HANDED_TO_FOLLOWUP
    if way is not None:
        return way.outcome()
    if VERIFY_AGAIN in turn.offered and (parse_postcode(turn.text) or parse_date_of_birth(turn.text, date.today())):
        # a birth date typed again after a failed login got topics as buttons (QA, session 19)
        return answered(fixed_reply(content, "verify_retry_all", kernel.intent_meta(kernel.VERIFY, turn.confidence)))
    # "stop messages", "all good", "problem" after a follow-up: its answer (followup_flows.answer_intent)
    if answer_after_followup(svc, content, turn.sender_id, turn.text):
        return HANDED_TO_FOLLOWUP
    # "STOP", "unsubscribe" with no follow-up open: a known tenant's follow-ups stop, else "nothing open to stop"
    # (a bare "STOP" after a fallback offered a person, QA session 20)
    if answer_intent(turn.text) == STOP_INTENT and not _stop_says_no(turn):
        return HANDED_TO_FOLLOWUP
    if CONSENT_PAYLOAD in turn.offered and (words.says_no(turn.text) or words.stops(turn.text)):
        # "nee" or "stop" typed to "Mogen wij u berichten sturen?" is its "Nee, liever niet" (QA, session 20: "Oké"
        # and the question stayed open, so a later "ja" gave consent)
        declined = consent_answer(svc, content, replace(turn, intent=DECLINE_INTENT, slots={**turn.slots, ASKED: True}))
        return TurnOutcome(declined.reply, {FALLBACK_SLOT: False, **declined.slots})
    if is_plea_for_help(turn.text):
        # "hulp", "ik heb hulp nodig": what the assistant can do and the way to a person, as "help" gets (QA,
        # session 20: the classifier cannot place "hulp", which got topics as buttons)
        helped = fixed_reply(content, HELP_REPLY, AnswerMetadata("chitchat", turn.confidence))
        return answered(with_resume(content, helped, in_journey))
    # "wie mot dat make" or "who pays for that?" right after an answer: read against that answer
    read = in_context.for_turn(content, turn)
    # The repair analysis of the focused message, made at most once: the back reference and the
    # suggestions both read it (each made its own, up to three on one text: QA, session 18).
    analysis = cache(lambda: analyse(content.repairs, focus(turn.text).text))
    if read is None:
        read = back_reference.answer_in_fallback(content, turn.text, turn.previous_answer, turn.confidence,
                                                 analysis)
    if read is not None:
        return answered(with_resume(content, read, in_journey))
    if says_fear(turn.text):  # "ik ben echt bang": acknowledged, what to do now, the topics and a person
        feared = fear_reply(content, suggest_topics(content, ranking, turn.text, analysis))
        return answered(with_resume(content, feared, in_journey), suggested=True)
    if turn.slots.get(FALLBACK_SLOT):  # the second fallback in a row: a person
        topic, guess = best_guess_topic(ranking)
        now = local_now(get_settings().timezone)
        return answered(with_resume(content, contact_route(content, now, "fallback_human",
                                                           AnswerMetadata(topic, guess)), in_journey))
    if turn.intent == "deny":
        return TurnOutcome(basic_reply(content, "deny", turn.confidence))
    suggested = suggest_topics(content, ranking, turn.text, analysis)
    return answered(with_resume(content, suggested, in_journey), suggested=True)
