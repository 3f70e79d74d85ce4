"""Personal conversations: verification, personal answers and reporting a repair.

Each function is one unit of work for one action: it opens one database session, calls the
back office and the verification store, and returns what to say and which slots to set. No Rasa
types; the SDK actions in actions/personal_actions.py only translate.
"""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from huurwijzer.content.knowledge import render
from huurwijzer.content.loader import Content
from huurwijzer.content.repairs import RepairMatch
from huurwijzer.content.topics import topic_for_intent
from huurwijzer.conversation import repair_details
from huurwijzer.conversation.answering import (
    AnswerMetadata,
    PersonalText,
    Reply,
    contact_route,
    fixed_reply,
    repair_answer,
    reply_text,
)
from huurwijzer.conversation.personal import (
    home_reply,
    months_without_arrears,
    rent_reply,
    repair_created_reply,
    repairs_reply,
    rewards_reply,
    subscription_reply,
)
from huurwijzer.conversation.repair_details import LOOSE_URGENCY, details, urgency
from huurwijzer.conversation.shared_names import PORTAL_TOKEN_KEY, REPAIR_FORM
from huurwijzer.settings import get_settings
from huurwijzer.tenancy import channel_trust
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import BackOffice, NewRepairRequest, SqlBackOffice
from huurwijzer.tenancy.lockout import Lockout, LockoutStore, MemoryLockoutStore, RedisLockoutStore

# Slot names shared with bot/domain/personal.yml.
NEXT_STEP = "next_step"  # verify | repair_form | None: which rule runs after the action
PENDING_REQUEST = "pending_request"  # the personal question asked before verification
VERIFICATION_METHOD = "verification_method"  # gegevens | code
VERIFICATION_OUTCOME = "verification_outcome"
VERIFICATION_SLOTS = ("verification_contract", "verification_postcode", "verification_birth_date")
CODE_SLOT = "verification_code"
REPAIR_SLOTS = repair_details.SLOTS
REPAIR_OUTCOME = "repair_outcome"
# What a verification slot holds once answered: the answer itself stays on the server.
RECEIVED = "ontvangen"

PERSONAL_ANSWERS = ("my_rent", "my_home", "my_repairs", "my_subscription", "my_rewards")
START_REPAIR = "start_repair_report"
VERIFY = "verify_identity"
CODE_CHANNELS = ("whatsapp", "twilio")

logger = logging.getLogger(__name__)


class Unavailable(Exception):
    """The back office or the verification store cannot be reached."""


@dataclass(frozen=True)
class Turn:
    sender_id: str
    intent: str
    confidence: float
    text: str
    channel: str = ""
    metadata: Mapping[str, Any] = field(default_factory=dict)
    slots: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Step:
    """What an action says (intro texts without metadata first, then one reply with metadata),
    and the slots it sets."""

    reply: Optional[Reply] = None
    intro: Tuple[str, ...] = ()
    slots: Mapping[str, Any] = field(default_factory=dict)
    end_form: bool = False


@dataclass(frozen=True)
class Services:
    engine: Engine
    backoffice: BackOffice
    lockout: Lockout
    notifier: v.Notifier
    timezone: str
    portal_secret: str
    portal_audience: str
    clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc).replace(tzinfo=None)
    action_secret: str = ""  # checks what a channel vouches for (huurwijzer.tenancy.channel_trust)

    def local_now(self) -> datetime:
        """Wall-clock time at the corporation, naive, as the corporation's tables store it."""
        return self.clock().replace(tzinfo=timezone.utc).astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One session and transaction per unit of work; store failures become Unavailable."""
        from huurwijzer.tenancy.database import ensure_state_tables

        try:
            ensure_state_tables(self.engine)
            with Session(self.engine, future=True) as session, session.begin():
                yield session
        except SQLAlchemyError as exc:
            # The class only: SQLAlchemy's message would carry the statement's parameters.
            logger.error("tenancy.store_unavailable store=database error=%s", exc.__class__.__name__)
            raise Unavailable(str(exc.__class__.__name__)) from exc
        except Exception as exc:
            if exc.__class__.__module__.startswith("redis"):
                logger.error("tenancy.store_unavailable store=redis error=%s", exc.__class__.__name__)
                raise Unavailable(exc.__class__.__name__) from exc
            raise


@lru_cache(maxsize=1)
def services() -> Services:
    from huurwijzer.tenancy.database import database_url, engine_for

    settings = get_settings()
    engine = engine_for(database_url())
    store: LockoutStore = RedisLockoutStore(settings.redis_url) if settings.redis_url else MemoryLockoutStore()
    return Services(engine, SqlBackOffice(), Lockout(store), v.OutboxNotifier(), settings.timezone,
                    settings.portal_secret, settings.portal_audience, action_secret=settings.action_secret)


def _meta(intent: str, confidence: float) -> AnswerMetadata:
    return AnswerMetadata(topic_for_intent(intent) or "chitchat", confidence)


def unavailable(content: Content, intent: str, confidence: float) -> Step:
    return Step(fixed_reply(content, "personal_unavailable", _meta(intent, confidence)), slots=_reset_all(),
                end_form=True)


def paused(content: Content, meta: AnswerMetadata, slot: str) -> Step:
    """A form's answer that cannot be checked now (database or login counter away): the apology,
    the slot stays empty, and the form asks the same question again, so nothing unchecked is kept
    and nothing given so far is lost."""
    return Step(fixed_reply(content, "personal_unavailable", meta), slots={slot: None})


def _reset_verification() -> Dict[str, Any]:
    return {**{s: None for s in VERIFICATION_SLOTS}, CODE_SLOT: None, VERIFICATION_METHOD: None,
            VERIFICATION_OUTCOME: None}


def _reset_repair() -> Dict[str, Any]:
    return {**{s: None for s in REPAIR_SLOTS}, REPAIR_OUTCOME: None}


def _reset_all() -> Dict[str, Any]:
    from huurwijzer.conversation.journey import FEEDBACK_SLOTS, PREFERENCE_SLOTS

    return {**_reset_verification(), **_reset_repair(), **{s: None for s in PREFERENCE_SLOTS + FEEDBACK_SLOTS},
            PENDING_REQUEST: None, NEXT_STEP: None}


# --- who is this ---------------------------------------------------------------------------------

def verified_tenant(svc: Services, session: Session, turn: Turn) -> Optional[v.Verified]:
    """The verified tenant of this conversation; a valid portal token in the message counts too."""
    now = svc.clock()
    key = v.conversation_key(turn.sender_id)
    verified = v.current(session, key, now)
    token = turn.metadata.get(PORTAL_TOKEN_KEY)
    if verified is None and isinstance(token, str) and svc.portal_secret:
        verified = v.accept_portal_token(session, svc.backoffice, key, token, svc.portal_secret,
                                         svc.portal_audience, now).verified
    return verified


def session_start(svc: Services, turn: Turn) -> None:
    """A new session ends any earlier verification; a portal token verifies the new one."""
    with svc.unit() as session:
        v.end(session, v.conversation_key(turn.sender_id))
        verified_tenant(svc, session, turn)


def _answer(svc: Services, session: Session, content: Content, turn: Turn, verified: v.Verified, intent: str,
            question: str) -> Step:
    confidence = turn.confidence
    meta = _meta(intent, confidence)
    bo, contract_number, today = svc.backoffice, verified.contract_number, svc.local_now().date()
    if intent == START_REPAIR:  # the form asks only what the message did not say
        return Step(slots={**_reset_repair(), NEXT_STEP: REPAIR_FORM, **details(question, content.repairs).slots()})
    contract = bo.contract(session, contract_number)
    if contract is None:  # the back office no longer knows the contract: treat as logged out
        v.end(session, v.conversation_key(turn.sender_id))
        return Step(fixed_reply(content, "session_expired", meta), slots={NEXT_STEP: None})
    if intent == "my_rent":
        status = bo.rent_status(session, contract_number, today)
        assert status is not None
        return Step(rent_reply(content, contract, status, meta), slots={NEXT_STEP: None})
    if intent == "my_home":
        return Step(home_reply(content, contract, meta), slots={NEXT_STEP: None})
    if intent == "my_repairs":
        return Step(repairs_reply(content, bo.repair_requests(session, contract_number), today, meta),
                    slots={NEXT_STEP: None})
    if intent == "my_subscription":
        return Step(subscription_reply(content, bo.subscription(session, contract_number), today,
                                       content.repairs.match(question), meta), slots={NEXT_STEP: None})
    if intent == "my_rewards":
        rewards = content.profile.rewards
        clean = months_without_arrears(lambda day: bo.rent_status(session, contract_number, day), today,
                                       rewards.months_without_arrears if rewards else 0)
        arrangement = bo.payment_arrangement(session, contract_number)
        return Step(rewards_reply(content, rewards, contract, clean, today, meta,
                                  arrangement_kept=bool(arrangement and arrangement.kept)), slots={NEXT_STEP: None})
    buttons = content.replies["verify_already"].buttons
    return Step(Reply(reply_text(content, "verify_already"), meta, "verify_already", buttons),
                slots={NEXT_STEP: None})


# General questions on these topics start with the verified tenant's own situation.
SITUATION_INTENTS: Mapping[str, str] = {"rent_payment": "my_rent", "report_repair": "my_repairs",
                                        "service_subscription": "my_subscription"}
# A question about arrears that the tenant's own rent status answers by itself.
_ARREARS = re.compile(r"achterstand|achter (?:met|loop|sta)|schuld|niet (?:op tijd )?betaald|aanmaning|herinnering",
                      re.I)


def with_own_situation(svc: Services, content: Content, turn: Turn, general: Reply) -> Optional[Reply]:
    """For a verified tenant, their own situation (rent and arrears, repair requests, subscription)
    before the general answer `general`; None when the tenant is not verified or the store is down,
    so the caller gives the general answer with its offer of the tenant's own data."""
    personal = SITUATION_INTENTS.get(general.metadata.topic)
    if personal is None:
        return None
    try:
        with svc.unit() as session:
            verified = verified_tenant(svc, session, turn)
            if verified is None:
                return None
            step = _answer(svc, session, content, turn, verified, personal, turn.text)
    except Unavailable:
        return None
    own = step.reply
    if own is None or own.reply_name == "session_expired":
        return None
    if personal == "my_rent" and _ARREARS.search(turn.text):  # the status is the answer
        return Reply(own.text, AnswerMetadata(general.metadata.topic, general.metadata.confidence), own.reply_name,
                     personal=own.personal)
    return Reply("\n\n".join((own.text, reply_text(content, "general_information"), general.text)),
                 general.metadata, own.reply_name, general.buttons, personal=own.personal)


def personal_request(svc: Services, content: Content, turn: Turn) -> Step:
    """A personal question or 'ik wil inloggen': answered when verified, else verification starts."""
    if turn.intent == "my_rewards" and content.profile.rewards is None:  # nothing personal to tell
        return Step(fixed_reply(content, "rewards_off", _meta(turn.intent, turn.confidence)), slots={NEXT_STEP: None})
    try:
        with svc.unit() as session:
            now = svc.clock()
            key = v.conversation_key(turn.sender_id)
            verified = verified_tenant(svc, session, turn)
            if verified is not None:
                return _answer(svc, session, content, turn, verified, turn.intent, turn.text)
            meta = _meta(turn.intent, turn.confidence)
            if svc.lockout.is_locked(key, None):
                return Step(fixed_reply(content, "verify_locked", meta), slots={NEXT_STEP: None})
            pending = None if turn.intent == VERIFY else turn.intent
            slots: Dict[str, Any] = {**_reset_verification(), NEXT_STEP: "verify", PENDING_REQUEST: pending}
            if turn.intent == START_REPAIR:  # kept through verification, then the form asks the rest
                slots.update(_reset_repair(), **details(turn.text, content.repairs).slots())
            # Only a number the WhatsApp channel vouched for: a forged one would send codes to anyone
            # and tell whether a number belongs to a tenant.
            phone = channel_trust.trusted_phone(svc.action_secret, turn.channel, turn.sender_id, turn.metadata)
            if turn.channel in CODE_CHANNELS and phone is not None and v.send_code(
                    session, svc.backoffice, svc.notifier, key, phone,
                    lambda code: reply_text(content, "verify_code_message", {"code": code}), now):
                return Step(intro=(reply_text(content, "verify_intro_code"),),
                            slots={**slots, VERIFICATION_METHOD: "code"})
            v.forget_answers(session, key)
            return Step(intro=(reply_text(content, "verify_intro"),), slots={**slots, VERIFICATION_METHOD: "gegevens"})
    except Unavailable:
        return unavailable(content, turn.intent, turn.confidence)


def verification_input(svc: Services, content: Content, turn: Turn, slot: str, value: Any) -> Step:
    """One answer in the verification form. Fills the slots of what was recognised (with a
    placeholder, not the answer); once decided, sets the outcome so the form ends."""
    meta = _meta("verify_identity", turn.confidence)
    text = str(value or "")
    finished = {**{s: RECEIVED for s in VERIFICATION_SLOTS}, CODE_SLOT: RECEIVED}
    try:
        with svc.unit() as session:
            now = svc.clock()
            key = v.conversation_key(turn.sender_id)
            if slot == CODE_SLOT:
                code = v.parse_code(text)
                if code is None:
                    return Step(fixed_reply(content, "verify_bad_code", meta), slots={CODE_SLOT: None})
                result = v.check_code(session, svc.lockout, key, code, now)
                return Step(slots={**finished, VERIFICATION_OUTCOME: result.outcome.value})
            given = v.parse_answers(text, svc.local_now().date())
            wanted = {"verification_contract": given.contract_number, "verification_postcode": given.postcode,
                      "verification_birth_date": given.date_of_birth}
            if wanted.get(slot) is None:
                name = {"verification_contract": "verify_bad_contract", "verification_postcode": "verify_bad_postcode",
                        "verification_birth_date": "verify_bad_birth_date"}[slot]
                return Step(fixed_reply(content, name, meta), slots={slot: None})
            result = v.check_answers(session, svc.backoffice, svc.lockout, key, given, now)
            if result.outcome is v.Outcome.INCOMPLETE:
                return Step(slots={s: RECEIVED for s, found in wanted.items() if found is not None})
            return Step(slots={**finished, VERIFICATION_OUTCOME: result.outcome.value})
    except Unavailable:  # the verification pauses: the same question again once the store is back
        return paused(content, meta, slot)


def verification_result(svc: Services, content: Content, turn: Turn) -> Step:
    """After the verification form: welcome and answer the question that started it, or say
    (without detail) that it did not work."""
    outcome = turn.slots.get(VERIFICATION_OUTCOME)
    pending = turn.slots.get(PENDING_REQUEST)
    meta = _meta(str(pending or VERIFY), turn.confidence)
    reset = {**_reset_verification(), PENDING_REQUEST: None, NEXT_STEP: None}
    try:
        with svc.unit() as session:
            now = svc.clock()
            verified = v.current(session, v.conversation_key(turn.sender_id), now)
            if verified is None:
                name = "verify_locked" if outcome == v.Outcome.LOCKED.value else "verify_failed"
                return Step(fixed_reply(content, name, meta), slots=reset)
            from huurwijzer.conversation import journey  # the journey builds on this module

            tenant = svc.backoffice.tenant(session, verified.tenant_id)
            welcome = reply_text(content, "verify_ok", {"voornaam": tenant.first_name if tenant else ""})
            from huurwijzer.conversation.followup_flows import (
                note_text,  # "U vroeg, wij deden", once, to who gave feedback
            )

            note = note_text(svc, session, content, verified.tenant_id)
            welcome = PersonalText(f"{welcome}\n\n{note}" if note else welcome)
            if not pending and turn.slots.get(journey.ACTIVE):  # logged in from the journey: go on there
                step = journey.continue_after_login(svc, session, content, turn)
                return Step(step.reply, intro=(welcome, *step.intro), slots={**reset, **step.slots})
            offer = journey.offer(svc, session, content, verified, turn)
            reset.update(journey.offer_slots(offer))
            if not pending:
                return Step(journey.with_offer(Reply(welcome, meta, "verify_ok", personal=True), offer), slots=reset)
            step = _answer(svc, session, content, turn, verified, str(pending),
                           str(turn.slots.get("repair_object") or ""))
            if step.reply is None:  # the repair form follows and asks what the first message did not say
                slots = {**reset, **step.slots}
                slots.update({s: turn.slots[s] for s in REPAIR_SLOTS if turn.slots.get(s)})
                return Step(intro=(welcome,), slots=slots)
            answer = journey.with_offer(step.reply, offer)
            return Step(answer, intro=(welcome,), slots={**reset, **step.slots})
    except Unavailable:
        return unavailable(content, str(pending or VERIFY), turn.confidence)


def log_out(svc: Services, content: Content, turn: Turn) -> Step:
    meta = _meta(turn.intent, turn.confidence)
    try:
        with svc.unit() as session:
            was_in = v.end(session, v.conversation_key(turn.sender_id))
    except Unavailable:
        return unavailable(content, turn.intent, turn.confidence)
    return Step(fixed_reply(content, "logged_out" if was_in else "not_logged_in", meta), slots=_reset_all(),
                end_form=True)


def stop_form(svc: Services, content: Content, turn: Turn) -> Step:
    """'stop' (or asking for a person, or logging out) in the middle of a form."""
    if turn.intent == "log_out":
        return log_out(svc, content, turn)
    meta = _meta(turn.intent, turn.confidence)
    try:
        with svc.unit() as session:
            v.forget_answers(session, v.conversation_key(turn.sender_id))
    except Unavailable:
        pass  # half-given answers expire by themselves after 30 minutes
    if turn.intent == "human_handover":
        reply = contact_route(content, svc.local_now(), "handover", meta)
    else:
        reply = fixed_reply(content, "form_stopped", meta)
    from huurwijzer.conversation import journey

    reply = journey.with_resume(content, reply, bool(turn.slots.get(journey.ACTIVE)))
    return Step(reply, slots=_reset_all(), end_form=True)


# --- reporting a repair --------------------------------------------------------------------------

def repair_input(svc: Services, content: Content, turn: Turn, slot: str, value: Any) -> Step:
    """One answer in the repair form. Emergencies end the form at once; a job for the tenant (or
    someone else) ends it with the honest answer instead of a request."""
    meta = _meta(START_REPAIR, turn.confidence)
    text = " ".join(str(value or "").split())
    finish = {s: turn.slots.get(s) or "-" for s in REPAIR_SLOTS}
    today = svc.local_now().date()
    emergency = content.emergencies.detect(text, today)
    if emergency is not None:
        return Step(slots={**finish, REPAIR_OUTCOME: f"noodgeval:{emergency.kind}"})
    if slot == "repair_object":
        obj = content.repairs.get(text)
        match = RepairMatch(obj, 1, False) if obj else content.repairs.match(text)
        if match is None:
            return Step(fixed_reply(content, "repair_bad_object", meta), slots={slot: None})
        if match.object.party == "verhuurder" and not match.own_damage:
            return Step(slots={slot: match.object.id})
        if match.object.party == "huurder" and not match.own_damage:
            from huurwijzer.conversation.followup_flows import found_at_handover

            try:
                with svc.unit() as session:
                    # Reported in answer to a follow-up: there when the keys were handed over, so ours.
                    handover = found_at_handover(svc, session, turn)
                    verified = v.current(session, v.conversation_key(turn.sender_id), svc.clock())
                    subscription = (svc.backoffice.subscription(session, verified.contract_number)
                                    if verified and match.object.subscription else None)
            except Unavailable:  # the report pauses at this question
                return paused(content, meta, slot)
            if handover or (subscription is not None and subscription.active_on(today)):
                return Step(slots={slot: match.object.id})
        damage = ":eigen-schuld" if match.own_damage else ""
        return Step(slots={**finish, slot: match.object.id, REPAIR_OUTCOME: f"geen-verzoek{damage}"})
    if slot == "repair_location":
        if not 2 <= len(text) <= 80:
            return Step(fixed_reply(content, "repair_bad_location", meta), slots={slot: None})
        return Step(slots={slot: text.lower()})
    if slot == "repair_description":
        if len(text) < 8 or len(text.split()) < 2:
            return Step(fixed_reply(content, "repair_bad_description", meta), slots={slot: None})
        return Step(slots={slot: text[:1000]})
    said = urgency(text, LOOSE_URGENCY)
    if said is None:
        return Step(fixed_reply(content, "repair_bad_urgency", meta), slots={slot: None})
    return Step(slots={slot: said})


def repair_result(svc: Services, content: Content, turn: Turn) -> Step:
    """After the repair form: the emergency instructions, the honest 'this is yours', or the
    stored request with its reference number."""
    meta = _meta(START_REPAIR, turn.confidence)
    outcome = str(turn.slots.get(REPAIR_OUTCOME) or "")
    object_id = str(turn.slots.get("repair_object") or "")
    reset = {**_reset_repair(), NEXT_STEP: None}
    if outcome.startswith("noodgeval:"):
        kind = outcome.split(":", 1)[1]
        item = next((e for e in content.emergencies.items if e.kind == kind), None)
        entry = content.knowledge.get(item.entry_id) if item else None
        parts = [reply_text(content, "repair_emergency_stop")]
        if entry is not None:
            parts.append(render(entry.answer, content.profile.variables))
        emergency_meta = AnswerMetadata("emergency_repair", turn.confidence, entry.id if entry else None)
        return Step(Reply("\n".join(parts), emergency_meta, "repair_emergency_stop"), slots=reset)
    obj = content.repairs.get(object_id)
    if outcome.startswith("geen-verzoek") and obj is not None:
        answer = repair_answer(content, RepairMatch(obj, 1, outcome.endswith("eigen-schuld")), turn.confidence)
        text = "\n".join((answer.text, reply_text(content, "repair_no_request")))
        return Step(Reply(text, answer.metadata, answer.reply_name), slots=reset)
    try:
        with svc.unit() as session:
            verified = v.current(session, v.conversation_key(turn.sender_id), svc.clock())
            if verified is None or obj is None:
                return Step(fixed_reply(content, "session_expired", meta), slots=reset)
            urgent = turn.slots.get("repair_urgency") == "spoed"
            request = NewRepairRequest(obj.id, str(turn.slots.get("repair_location") or "-"),
                                       str(turn.slots.get("repair_description") or "-"),
                                       "spoed" if urgent else "normaal")
            reference = svc.backoffice.create_repair_request(session, verified.contract_number, request,
                                                             svc.local_now())
    except Unavailable:
        return unavailable(content, START_REPAIR, turn.confidence)
    created_meta = AnswerMetadata("report_repair", turn.confidence, f"repair/{obj.id}", obj.party)
    return Step(repair_created_reply(content, reference, urgent, created_meta), slots=reset)
