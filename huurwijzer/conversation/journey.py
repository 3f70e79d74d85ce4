"""The onboarding journey as conversation steps: which step to show, the preference and feedback
questions, the checklist and the proactive offer. One function per action call, one database
session each (see huurwijzer.conversation.kernel for the shared pieces)."""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy.orm import Session

from huurwijzer.content import onboarding_steps
from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, shared_names
from huurwijzer.conversation import onboarding as ob
from huurwijzer.conversation.answering import object_name
from huurwijzer.conversation.followup_flows import ASKED, consent_question
from huurwijzer.conversation.kernel import FEEDBACK_SLOTS
from huurwijzer.conversation.maatwerk_flows import after_preferences
from huurwijzer.conversation.personal import home_reply, rent_reply
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.shared_names import FEEDBACK_FORM, ONBOARDING_FORM, PREFERENCE_SLOTS, SKIP
from huurwijzer.tenancy import verification as v

TOPIC = "onboarding_first_steps"
ACTIVE = "onboarding_active"
OFFERED = "onboarding_offered"
# "Nee, bedankt" (or "later verder"): the offer is no longer open (a bare "ja" after it starts
# nothing) and is not made again in this conversation.
DECLINED = "onboarding_declined"
# Small jobs for the tenant named in the expectations step, from the responsibility table.
SMALL_JOB_EXAMPLES = 4

_CHANNELS = (("whatsapp", r"whats ?app|\bapp\b"), ("e-mail", r"e-?mail|\bmail"), ("telefoon", r"telefo|bel"),
             ("brief", r"brief|post"))
_TIMES = (("na 17:00", r"na 17|avond|na vijven"), ("ochtend", r"ochtend|morgen"), ("middag", r"middag"))
_YES, _NO = re.compile(r"\b(ja|graag|yes|jawel|prima)\b"), re.compile(r"\b(nee|neen|no|niet)\b")
_SKIP = re.compile(r"\b(overslaan|sla over|weet (ik )?niet|geen voorkeur|maakt niet uit|stop|stoppen)\b")
_NO_COMMENT = re.compile(r"^\s*(nee|neen|nee,? klaar|niets|niks|geen|klaar|nee dank ?je( wel)?)[\s.!]*$", re.I)


def _meta(confidence: float) -> AnswerMetadata:
    return AnswerMetadata(TOPIC, confidence)


def _variables(content: Content) -> Dict[str, str]:
    small = [object_name(content, o) for o in content.repairs.objects if o.party == "huurder" and o.subscription]
    return {**content.profile.variables, "voorbeelden_klein": ", ".join(small[:SMALL_JOB_EXAMPLES])}


def _title(content: Content, step: onboarding_steps.Step) -> str:
    return step.title_en if content.language == ENGLISH and step.title_en else step.title


def _text(content: Content, step: onboarding_steps.Step) -> str:
    return step.text_en if content.language == ENGLISH and step.text_en else step.text


def _owner(session: Session, svc: kernel.Services, turn: kernel.Turn) -> tuple[str, Optional[v.Verified]]:
    key = v.conversation_key(turn.sender_id)
    verified = kernel.verified_tenant(svc, session, turn)
    anonymous = ob.owner_for(None, key)
    if verified is None:
        return anonymous, None
    owner = ob.owner_for(verified.tenant_id, key)
    ob.adopt(session, anonymous, owner)
    return owner, verified


def _show(svc: kernel.Services, session: Session, content: Content, turn: kernel.Turn, owner: str,
          verified: Optional[v.Verified]) -> kernel.Step:
    """The first step not done yet, with what it needs next."""
    steps, done = content.onboarding, ob.completed(session, owner)
    step = ob.next_open(steps, done)
    meta = _meta(turn.confidence)
    if step is None:
        return kernel.Step(fixed_reply(content, "onboarding_complete", meta), slots={ACTIVE: False, "next_step": None})
    number = [s.id for s in steps].index(step.id) + 1
    header = reply_text(content, "onboarding_step_header",
                        {"stap": str(number), "aantal": str(len(steps)), "titel": _title(content, step)})
    parts = [f"**{header}**", render(_text(content, step), _variables(content))]
    slots: Dict[str, Any] = {ACTIVE: True, "next_step": None}
    needs_login = step.id in (onboarding_steps.HOME_STEP, onboarding_steps.PREFERENCES_STEP) and verified is None
    personal = False
    if step.id == onboarding_steps.HOME_STEP and verified is not None:
        contract = svc.backoffice.contract(session, verified.contract_number)
        status = svc.backoffice.rent_status(session, verified.contract_number, svc.local_now().date())
        if contract is not None and status is not None:
            arrangement = svc.backoffice.payment_arrangement(session, verified.contract_number)
            own = (home_reply(content, contract, meta), rent_reply(content, contract, status, meta, arrangement))
            parts += [reply.text for reply in own]
            personal = any(reply.personal for reply in own)
        if content.choices:  # choices at the start the corporation offers (huurwijzer.conversation.choices)
            parts.append(reply_text(content, "move_in_choices_offer"))
    if step.id == onboarding_steps.PREFERENCES_STEP and verified is not None:
        slots.update({s: None for s in PREFERENCE_SLOTS}, next_step=ONBOARDING_FORM)
        return kernel.Step(intro=("\n\n".join(parts),), slots=slots)
    if step.id == onboarding_steps.FEEDBACK_STEP:
        slots.update({s: None for s in FEEDBACK_SLOTS}, next_step=FEEDBACK_FORM)
        return kernel.Step(intro=("\n\n".join(parts),), slots=slots)
    follow = "onboarding_login" if needs_login else "onboarding_continue"
    parts.append(reply_text(content, follow))
    return kernel.Step(Reply("\n\n".join(parts), meta, follow, content.replies[follow].buttons, personal),
                      slots=slots)


def journey_step(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'ik ben nieuwe huurder' (show the open step), 'verder' (this step is done, show the next),
    'later verder' (pause)."""
    meta = _meta(turn.confidence)
    if turn.intent == "onboarding_stop":
        return kernel.Step(fixed_reply(content, "onboarding_paused", meta),
                           slots={ACTIVE: False, OFFERED: False, DECLINED: True, "next_step": None})
    if turn.intent == "onboarding_next" and not turn.slots.get(ACTIVE):
        # "verder" outside the journey may be "fijne avond verder": ask rather than skip a step.
        return kernel.Step(fixed_reply(content, "onboarding_confirm", meta), slots={"next_step": None})
    try:
        with svc.unit() as session:
            owner, verified = _owner(session, svc, turn)
            if turn.intent == "onboarding_next":
                current = ob.next_open(content.onboarding, ob.completed(session, owner))
                if current is not None:
                    ob.complete(session, owner, current.id, svc.clock())
            return _show(svc, session, content, turn, owner, verified)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)


def continue_after_login(svc: kernel.Services, session: Session, content: Content, turn: kernel.Turn) -> kernel.Step:
    owner, verified = _owner(session, svc, turn)
    return _show(svc, session, content, turn, owner, verified)


def checklist(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    meta = _meta(turn.confidence)
    try:
        with svc.unit() as session:
            owner, _ = _owner(session, svc, turn)
            done = set(ob.completed(session, owner))
    except kernel.Unavailable:
        return kernel.unavailable(content, "onboarding_checklist", turn.confidence)
    lines = [reply_text(content, "onboarding_checklist_done" if s.id in done else "onboarding_checklist_open",
                        {"titel": _title(content, s)}) for s in content.onboarding]
    extra = {"klaar": str(sum(1 for s in content.onboarding if s.id in done)),
             "aantal": str(len(content.onboarding)), "stappen": "\n".join(lines)}
    reply = fixed_reply(content, "onboarding_checklist", meta, extra=extra)
    if done >= {s.id for s in content.onboarding}:  # nothing left to continue with
        return kernel.Step(Reply(reply.text, meta, reply.reply_name), slots={ACTIVE: False})
    return kernel.Step(reply, slots={ACTIVE: True})


def _choice(text: str, options: tuple[tuple[str, str], ...]) -> Optional[str]:
    for value, pattern in options:
        if re.search(pattern, text):
            return value
    return None


def _preference_value(content: Content, slot: str, answer: str) -> Tuple[str, Any]:
    """The contact_preferences column and value for an answer (SKIP: no preference)."""
    if slot == "pref_channel":
        return "channel", "geen voorkeur" if answer == SKIP else answer
    if slot == "pref_times":
        return "preferred_times", None if answer == SKIP else answer
    if slot == "pref_care":
        return "care_needs", reply_text(content, "onboarding_care_note") if answer == "ja" else None
    return {"pref_language": "language_help", "pref_money": "wants_money_help"}[slot], answer == "ja"


def _store_preferences(svc: kernel.Services, content: Content, turn: kernel.Turn, answers: Dict[str, str]) -> None:
    with svc.unit() as session:
        verified = kernel.verified_tenant(svc, session, turn)
        if verified is None:  # logged out meanwhile: answers_saved says so
            return
        for slot, answer in answers.items():
            ob.save_preference(session, verified.tenant_id, *_preference_value(content, slot, answer))


def preference_input(svc: kernel.Services, content: Content, turn: kernel.Turn, slot: str, value: Any) -> kernel.Step:
    """One answer to a 'maatwerk' question, stored in the tenancy database at once; the slot only
    says it was answered (RECEIVED) or skipped. 'stop' skips the rest and pauses the journey."""
    text = " ".join(str(value or "").lower().split())
    stop = bool(re.search(r"\b(stop|stoppen)\b", text))
    if stop:
        answers = {s: SKIP for s in PREFERENCE_SLOTS if not turn.slots.get(s) or s == slot}
    elif _SKIP.search(text):
        answers = {slot: SKIP}
    else:
        if slot == "pref_channel":
            found = _choice(text, _CHANNELS)
        elif slot == "pref_times":
            found = _choice(text, _TIMES)
        else:
            found = "nee" if _NO.search(text) else "ja" if _YES.search(text) else None
        if found is None:
            return kernel.Step(fixed_reply(content, "onboarding_bad_choice", _meta(turn.confidence)),
                              slots={slot: None})
        answers = {slot: found}
    try:
        _store_preferences(svc, content, turn, answers)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    slots: Dict[str, Any] = {s: SKIP if answer == SKIP else shared_names.RECEIVED for s, answer in answers.items()}
    return kernel.Step(slots={**slots, ACTIVE: False} if stop else slots)


def feedback_input(svc: kernel.Services, content: Content, turn: kernel.Turn, slot: str, value: Any) -> kernel.Step:
    text = " ".join(str(value or "").split())
    if slot == "feedback_score":
        if _SKIP.search(text.lower()):
            return kernel.Step(slots={"feedback_score": SKIP, "feedback_comment": "-"})
        match = re.fullmatch(r"\D*?(10|[1-9])([,.]\d)?\D*", text)
        if match is None:
            return kernel.Step(fixed_reply(content, "onboarding_bad_score", _meta(turn.confidence)),
                              slots={slot: None})
        return kernel.Step(slots={slot: match.group(1)})
    comment = "-" if _NO_COMMENT.match(text) else text[:1000]
    return kernel.Step(slots={slot: comment})


def answers_saved(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """After the maatwerk or the feedback questions: store, mark the step done, go on."""
    meta = _meta(turn.confidence)
    reset: Dict[str, Any] = {**{s: None for s in PREFERENCE_SLOTS + FEEDBACK_SLOTS}, "next_step": None}
    try:
        with svc.unit() as session:
            owner, verified = _owner(session, svc, turn)
            now = svc.clock()
            if turn.slots.get("feedback_score"):
                score = str(turn.slots.get("feedback_score"))
                comment = str(turn.slots.get("feedback_comment") or "-")
                if score.isdigit():
                    ob.save_feedback(session, owner, int(score), None if comment == "-" else comment, now)
                ob.complete(session, owner, onboarding_steps.FEEDBACK_STEP, now)
                done = fixed_reply(content, "onboarding_done", meta)
                question = consent_question(svc, session, content, verified, turn)
                return kernel.Step(with_offer(done, question),
                                  slots={**reset, ACTIVE: False, ASKED: question is not None})
            if verified is None:
                return kernel.Step(fixed_reply(content, "session_expired", meta), slots=reset)
            # each answer was stored when it was given (preference_input)
            ob.complete(session, owner, onboarding_steps.PREFERENCES_STEP, now)
            consequences = after_preferences(svc, session, content, verified.tenant_id)
            if turn.slots.get(ACTIVE) is False:  # "stop": what was answered counts, the journey pauses here
                paused = fixed_reply(content, "onboarding_paused", meta)
                return kernel.Step(paused, intro=(reply_text(content, "onboarding_preferences_saved"), *consequences),
                                   slots={**reset, ACTIVE: False})
            step = _show(svc, session, content, turn, owner, verified)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    thanks = reply_text(content, "onboarding_preferences_saved")
    return kernel.Step(step.reply, intro=(thanks, *consequences, *step.intro), slots={**reset, **step.slots})


def offer(svc: kernel.Services, session: Session, content: Content, verified: v.Verified,
          turn: kernel.Turn) -> Optional[Reply]:
    """The journey, offered once per conversation to a new tenant who has not finished it."""
    if turn.slots.get(OFFERED) or turn.slots.get(ACTIVE) or turn.slots.get(DECLINED):
        return None
    contract = svc.backoffice.contract(session, verified.contract_number)
    if contract is None or not ob.is_new_tenant(contract.start_date, svc.local_now().date()):
        return None
    owner = ob.owner_for(verified.tenant_id, v.conversation_key(turn.sender_id))
    if ob.next_open(content.onboarding, ob.completed(session, owner)) is None:
        return None
    tenant = svc.backoffice.tenant(session, verified.tenant_id)
    return fixed_reply(content, "onboarding_offer", _meta(turn.confidence),
                       extra={"voornaam": tenant.first_name if tenant else ""}).as_personal()


def with_offer(reply: Reply, extra: Optional[Reply]) -> Reply:
    """`reply` followed by the offer text and buttons (the reply's metadata stays)."""
    if extra is None:
        return reply
    return Reply("\n\n".join((reply.text, extra.text)), reply.metadata, reply.reply_name,
                 reply.buttons + extra.buttons, reply.personal or extra.personal)


def with_resume(content: Content, reply: Reply, active: bool) -> Reply:
    """After a question in the middle of the journey: the way back into it."""
    if not active or any(b.payload == "/start_onboarding" for b in reply.buttons):
        return reply
    return Reply("\n\n".join((reply.text, reply_text(content, "onboarding_resume"))), reply.metadata,
                 reply.reply_name, reply.buttons + content.replies["onboarding_resume"].buttons, reply.personal)


def greeting_offer(svc: kernel.Services, content: Content, turn: kernel.Turn) -> Optional[Reply]:
    """A verified new tenant who says hello is offered the journey."""
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            return offer(svc, session, content, verified, turn) if verified else None
    except kernel.Unavailable:
        return None


def offer_slots(extra: Optional[Reply]) -> List[tuple[str, Any]]:
    return [(OFFERED, True)] if extra is not None else []
