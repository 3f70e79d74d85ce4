"""The conversation side of the follow-ups: asking consent at the end of the journey, and the
tenant's answer to a follow-up ("stop berichten", "nee, alles werkt", "ja, de kraan lekt").
One function per action call, one database session each; see huurwijzer.conversation.followups for the store."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Mapping, Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.conversation.answering import object_name
from huurwijzer.conversation.followup_report import REPAIR_MOMENT_PREFIX
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.tenancy import feedback_texts
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v

TOPIC = "onboarding_first_steps"
ASKED = "followup_asked"  # slot: the consent question was shown in this conversation
CONSENT_INTENT = "followup_consent"  # "Ja, graag" under the consent question (knowledge/replies.yml)
CONSENT_PAYLOAD = f"/{CONSENT_INTENT}"
DECLINE_INTENT = "followup_decline"  # "Nee, liever niet" under it
STOP_INTENT = "followup_stop"
PROBLEM_INTENT = "followup_home_problem"
# Which text names the channel a follow-up goes over (huurwijzer.conversation.followups.route).
CHANNEL_NAMES: Mapping[str, str] = {"whatsapp": "followup_via_whatsapp", "sms": "followup_via_sms",
                                    "e-mail": "followup_via_email", "portaal": "followup_via_portaal"}
# A repair reported in answer to a follow-up within this time counts as found at the handover.
PROBLEM_REPORT_WINDOW = timedelta(hours=2)


def _meta(turn: kernel.Turn) -> AnswerMetadata:
    return AnswerMetadata(TOPIC, turn.confidence)


def _channel_name(svc: kernel.Services, session: Session, content: Content, tenant_id: int) -> str:
    p = t.contact_preferences
    chosen = session.execute(select(p.c.channel).where(p.c.tenant_id == tenant_id)).scalar()
    details = svc.backoffice.contact_details(session, tenant_id)
    channel = fu.route(chosen, details)[0] if details else "portaal"
    return reply_text(content, CHANNEL_NAMES[channel])


def _when(session: Session, content: Content, tenant_id: int) -> str:
    """When follow-ups are sent: at the times the tenant chose, or (times skipped) the default window."""
    p = t.contact_preferences
    times = session.execute(select(p.c.preferred_times).where(p.c.tenant_id == tenant_id)).scalar()
    return reply_text(content, "followup_when_chosen" if times else "followup_when_default")


def consent_question(svc: kernel.Services, session: Session, content: Content, verified: Optional[v.Verified],
                     turn: kernel.Turn) -> Optional[Reply]:
    """The consent question, when the schedule is on and this tenant has not said yes yet."""
    plan = content.followups
    if plan is None or not plan.enabled or verified is None:
        return None
    current = fu.consent(session, verified.tenant_id)
    if current is not None and current.active:
        return None
    kanaal = _channel_name(svc, session, content, verified.tenant_id)
    # the channel is the tenant's own (their choice, their contact details): marked personal
    extra = {"kanaal": kanaal, "wanneer": _when(session, content, verified.tenant_id)}
    return fixed_reply(content, "followup_consent_ask", _meta(turn), extra=extra).as_personal()


def _answers_the_question(turn: kernel.Turn) -> bool:
    """A yes is consent only to the question shown last, or its own button pressed: QA, session 22, the question
    shown, then a repair reported, then a "ja" (to something else) recorded consent; now the question comes again."""
    return CONSENT_PAYLOAD in turn.offered or turn.text.strip().startswith(CONSENT_PAYLOAD)


def consent_answer(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'Ja, graag' (recorded with date and the exact wording shown) or 'nee, liever niet'. A yes
    typed before the question was shown gets the question first."""
    meta = _meta(turn)
    if turn.intent == DECLINE_INTENT and not turn.slots.get(ASKED):
        return followup_answer(svc, content, kernel.Turn(turn.sender_id, STOP_INTENT, turn.confidence, turn.text,
                                                        turn.channel, turn.metadata, turn.slots))
    if turn.intent == DECLINE_INTENT:
        return kernel.Step(fixed_reply(content, "followup_consent_declined", meta), slots={ASKED: False})
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            if verified is None:
                return kernel.Step(fixed_reply(content, "followup_login_first", meta), slots={ASKED: False})
            question = consent_question(svc, session, content, verified, turn)
            if question is None:  # already said yes (or the schedule is off): confirm what holds
                if content.followups is None or not content.followups.enabled:
                    return kernel.Step(fixed_reply(content, "followup_consent_declined", meta), slots={ASKED: False})
                kanaal = _channel_name(svc, session, content, verified.tenant_id)
                return kernel.Step(fixed_reply(content, "followup_consent_saved", meta,
                                              extra={"kanaal": kanaal}).as_personal(), slots={ASKED: False})
            if not turn.slots.get(ASKED) or not _answers_the_question(turn):
                return kernel.Step(question, slots={ASKED: True})
            fu.give_consent(session, verified.tenant_id, verified.contract_number, question.text, svc.clock())
            kanaal = _channel_name(svc, session, content, verified.tenant_id)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    return kernel.Step(fixed_reply(content, "followup_consent_saved", meta, extra={"kanaal": kanaal}).as_personal(),
                      slots={ASKED: False})


def followup_answer(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'stop berichten', 'nee, alles werkt' or 'ja, de kraan lekt' after a follow-up. The answer
    is found by the conversation the follow-up went to (WhatsApp) or by the logged-in tenant."""
    # Handed over by another action (answer_after_followup), or put under the wrong answer by the
    # classifier ("there is a problem" as all good): the words decide.
    read = read_answer(content, turn.text)
    if read is not None:
        turn = replace(turn, intent=read)
    meta = _meta(turn)
    now = svc.clock()
    done = {kernel.NEXT_STEP: None, ASKED: False}
    try:
        with svc.unit() as session:
            key = v.conversation_key(turn.sender_id)
            verified = kernel.verified_tenant(svc, session, turn)
            delivery = fu.open_followup(session, key, verified.tenant_id if verified else None, now)
            if turn.intent == STOP_INTENT:
                tenant_id = delivery.tenant_id if delivery else verified.tenant_id if verified else None
                if tenant_id is None:  # a bare "STOP" with nothing open: say so (it offered a person, QA session 20)
                    name = "stop_nothing_open" if is_bare_stop(turn.text) else "followup_login_first"
                    return kernel.Step(fixed_reply(content, name, meta), slots=done)
                stopped = fu.stop(session, tenant_id, now)
                if delivery is not None:
                    fu.record_answer(session, delivery.id, fu.STOPPED, now)
                return kernel.Step(fixed_reply(content, "followup_stopped" if stopped or delivery
                                              else "followup_not_subscribed", meta), slots=done)
            if turn.intent == "followup_home_ok":
                if delivery is not None:
                    fu.record_answer(session, delivery.id, fu.ALL_GOOD, now)
                return kernel.Step(fixed_reply(content, "followup_all_good", meta), slots=done)
            if delivery is not None:
                fu.record_answer(session, delivery.id, fu.PROBLEM, now)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    # A problem: the usual repair report, with the object recognised in the answer filled in.
    report = personal_questions.personal_request(svc, content, kernel.Turn(
        turn.sender_id, kernel.START_REPAIR, turn.confidence, turn.text, turn.channel, turn.metadata, turn.slots))
    # after the question about a finished repair: that repair is not done; otherwise there at the keys
    after_repair = delivery is not None and delivery.moment.startswith(REPAIR_MOMENT_PREFIX)
    intro_name = "repair_feedback_problem_intro" if after_repair else "followup_problem_intro"
    intro = (reply_text(content, intro_name),) if delivery is not None else ()
    return kernel.Step(report.reply, intro=intro + report.intro, slots=report.slots, end_form=report.end_form)


def found_at_handover(svc: kernel.Services, session: Session, turn: kernel.Turn) -> bool:
    """True when this conversation's tenant just answered a follow-up with a problem: what they
    report now was there when they got the keys, so it is the corporation's to repair."""
    d = t.followup_deliveries
    key = v.conversation_key(turn.sender_id)
    verified = v.current(session, key, svc.clock())
    whose = d.c.conversation_key == key
    if verified is not None:
        whose = whose | (d.c.tenant_id == verified.tenant_id)
    found = session.execute(select(d.c.id).where(whose, d.c.answer == fu.PROBLEM,
                                                 d.c.answered_at >= svc.clock() - PROBLEM_REPORT_WINDOW)).first()
    return found is not None


# --- the score after a repair, and "U vroeg, wij deden" ---------------------------------------------

def repair_question_text(content: Content, first_name: str, object_id: str, reference: str) -> str:
    obj = content.repairs.get(object_id)
    name = object_name(content, obj) if obj else object_id
    return reply_text(content, "repair_feedback_question", {"voornaam": first_name, "referentie": reference,
                                                             "onderdeel": name})


def note_text(svc: kernel.Services, session: Session, content: Content, tenant_id: int) -> Optional[str]:
    """'U vroeg, wij deden: ...' once for a tenant who gave feedback; None otherwise."""
    from huurwijzer.conversation import repair_feedback as rf

    note = rf.note_to_mention(session, tenant_id, svc.clock())
    if note is None:
        return None
    if content.language != ENGLISH:
        return reply_text(content, "feedback_note_mention", {"notitie": note.text})
    if note.text_en is None:  # said as written, and said to be Dutch
        return reply_text(content, "feedback_note_mention_dutch", {"notitie": note.text})
    return reply_text(content, "feedback_note_mention", {"notitie": note.text_en})


def repair_score(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'8, de monteur was netjes' after the question about a completed repair, or a score in answer
    to a follow-up that asked for one."""
    from huurwijzer.conversation import repair_feedback as rf

    meta = AnswerMetadata("report_repair", turn.confidence)
    score = rf.parse_score(turn.text)
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            key, tenant_id = v.conversation_key(turn.sender_id), verified.tenant_id if verified else None
            question = rf.open_question(session, key, tenant_id, svc.clock())
            # No repair asked about: a score answers the open follow-up that asked for one (month 3).
            delivery = fu.open_followup(session, key, tenant_id, svc.clock()) if question is None else None
            if score is not None and delivery is not None:
                fu.record_answer(session, delivery.id, fu.score_answer(score.score), svc.clock())
                feedback_texts.save_comment(session, delivery.id, score.comment, svc.clock())
                return kernel.Step(fixed_reply(content, "followup_score_thanks", meta))
            if question is None or score is None:
                return kernel.Step(fixed_reply(content, "repair_feedback_unknown", meta))
            rf.save_score(session, question.reference, score, svc.clock())
            note = note_text(svc, session, content, question.tenant_id)
    except kernel.Unavailable:
        return kernel.unavailable(content, "report_repair", turn.confidence)
    thanks = fixed_reply(content, "repair_feedback_thanks", meta)
    if note is None:
        return kernel.Step(thanks)
    return kernel.Step(Reply("\n\n".join((thanks.text, note)), meta, thanks.reply_name))


# Answers to a follow-up the classifier (trained on Dutch answers) leaves to the fallback: "stop
# messages", "unsubscribe", "all good", "problem". Read by their words, only while a follow-up is open.
_BARE_STOP = r"\s*stop(pen)?[\s.!]*"
_ANSWER_WORDS = (
    (STOP_INTENT, re.compile(r"(?:please )?(?:stop|stoppen|unsubscribe|no more)"
                                 r"(?: (?:sending|all|the|these|your|me))*"
                                 r"(?: (?:messages?|texts?|follow ?ups?|messaging))?(?: please| thanks?(?: you)?)?")),
    ("followup_home_ok", re.compile(r"(?:no )?(?:everything|all|it all)(?: (?:is|works?|working|fine|good|ok|okay|"
                                    r"well|great|in order|here|alright))+(?: thanks?(?: you)?)?")),
    (PROBLEM_INTENT, re.compile(r"(?:yes )?(?:there is |i have |we have )?(?:a )?(?:problem|probleem)")),
)
ANSWER_INTENTS = tuple(intent for intent, _ in _ANSWER_WORDS)


def answer_intent(text: str) -> Optional[str]:
    """The follow-up answer `text` gives by its words (ANSWER_INTENTS), None when it is no such answer."""
    said = " ".join(re.findall(r"[a-z']+", text.lower()))
    return next((intent for intent, words in _ANSWER_WORDS if words.fullmatch(said)), None)


# "nee, de kraan lekt nog steeds", "de kraan lekt weer": a yes or no, or "still" or "again", with a broken
# part. Not "nee, niks kapot".
_BEFORE_A_PART = re.compile(r"\s*(?:ja|nee|yes|no)\b|.*\b(?:nog steeds|nog altijd|alweer|weer|still|again)\b", re.I)
_NOTHING = re.compile(r"\b(?:niks|niets|nothing)\b", re.I)


def read_answer(content: Content, text: str) -> Optional[str]:
    """answer_intent, or a problem when a yes or no (or "still", "again") names a part and what is wrong
    with it (QA, session 20: "nee, de kraan lekt nog steeds" after a follow-up got "a job for you")."""
    said = answer_intent(text)
    if said is not None or not _BEFORE_A_PART.match(text) or _NOTHING.search(text):
        return said
    found = analyse(content.repairs, text)
    return PROBLEM_INTENT if found.object and found.defect and not found.asks_who else None


def is_bare_stop(text: str) -> bool:
    """"stop", "STOP!", "stoppen" and nothing more."""
    return bool(re.fullmatch(_BARE_STOP, text, re.I))


def answer_after_followup(svc: kernel.Services, content: Content, sender_id: str, text: str,
                          sent_after: Optional[datetime] = None) -> Optional[str]:
    """The follow-up intent (read_answer) a message answers, when a follow-up to this conversation
    or its logged-in tenant is open (sent after `sent_after`, when given: shown after the journey); None
    otherwise (the database away too). A bare "stop" only right after a follow-up to this conversation
    (elsewhere it means "no")."""
    intent = read_answer(content, text)
    if intent is None:
        return None
    try:
        with svc.unit() as session:
            key = v.conversation_key(sender_id)
            verified = None if is_bare_stop(text) else v.current(session, key, svc.clock())
            delivery = fu.open_followup(session, key, verified.tenant_id if verified else None, svc.clock())
    except kernel.Unavailable:
        return None
    if delivery is None or (sent_after is not None and delivery.sent_at <= sent_after):
        return None
    return intent
