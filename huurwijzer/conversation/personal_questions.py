"""A personal question ("wat is mijn huur", "ik wil een reparatie melden", "ik wil inloggen"):
answered from the back office when the tenant is verified, else verification starts (the
questions, or a one-time code over a channel that vouches for the phone number). A verified
tenant's general question on rent, repairs or a subscription starts with their own situation."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, Mapping, Optional

from sqlalchemy.orm import Session

from huurwijzer.content.language import DUTCH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import channel_trust
from huurwijzer.conversation.answering import REPAIR_PREFIX
from huurwijzer.conversation.general_reading import general_reading
from huurwijzer.conversation.kernel import (
    NEXT_STEP,
    PENDING_CONFIDENCE,
    PENDING_REQUEST,
    START_REPAIR,
    VERIFICATION_METHOD,
    VERIFY,
    Services,
    Step,
    Turn,
    Unavailable,
    intent_meta,
    reset_repair,
    reset_verification,
    unavailable,
    verified_tenant,
)
from huurwijzer.conversation.personal import (
    ARREARS_REPLY,
    home_reply,
    months_without_arrears,
    rent_reply,
    repairs_reply,
    rewards_reply,
    subscription_reply,
)
from huurwijzer.conversation.repair_details import details, stops_report
from huurwijzer.conversation.repair_withdrawal import WITHDRAW_REPAIR, withdrawal_answer
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.shared_names import RECEIVED, REPAIR_FORM, VERIFICATION_SLOTS
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.identity import parse_contract_number
from huurwijzer.tenancy.tenant_language import stored_language

CODE_CHANNELS = ("whatsapp", "twilio")  # channels that vouch for the phone number a code goes to


# "ik wil het melden", "I want to report it" right after a who-repairs answer: the part of that answer (QA, session 22:
# the form asked again what was broken).
_REFERS_BACK = re.compile(r"\b(het|dat|dit|deze|die|it|this|that)\b")


def report_details(content: Content, turn: Turn, text: str) -> Dict[str, Optional[str]]:
    """The repair form's slots the message fills, with the part of the answer just given when it refers back."""
    said = details(text, content.repairs).slots()
    previous = turn.previous_answer or ""
    if said["repair_object"] is None and previous.startswith(REPAIR_PREFIX) and _REFERS_BACK.search(text.lower()) \
            and content.repairs.get(previous[len(REPAIR_PREFIX):]) is not None:
        said["repair_object"] = previous[len(REPAIR_PREFIX):]
    return said


def personal_answer(svc: Services, session: Session, content: Content, turn: Turn, verified: v.Verified, intent: str,
                    question: str) -> Step:
    """The answer to `intent` for the verified tenant; a repair report gets its form's slots."""
    confidence = turn.confidence
    meta = intent_meta(intent, confidence)
    bo, contract_number, today = svc.backoffice, verified.contract_number, svc.local_now().date()
    if intent == START_REPAIR:  # the form asks only what the message did not say
        return Step(slots={**reset_repair(), NEXT_STEP: REPAIR_FORM, **report_details(content, turn, question)})
    contract = bo.contract(session, contract_number)
    if contract is None:  # the back office no longer knows the contract: treat as logged out
        v.end(session, v.conversation_key(turn.sender_id))
        return Step(fixed_reply(content, "session_expired", meta), slots={NEXT_STEP: None})
    if intent == "my_rent":
        status = bo.rent_status(session, contract_number, today)
        assert status is not None
        arrangement = bo.payment_arrangement(session, contract_number) if status.arrears > 0 else None
        # "heb ik een achterstand?": the status alone; the whole rent breakdown buried it (QA, session 19)
        arrears_only = (_ARREARS.search(question) or _CANNOT_PAY.search(question)) and not _RENT_AMOUNT.search(question)
        overview = not arrears_only
        return Step(rent_reply(content, contract, status, meta, arrangement, overview), slots={NEXT_STEP: None})
    if intent == WITHDRAW_REPAIR:
        return withdrawal_answer(svc, session, content, contract_number, question, meta)
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
_ARREARS = re.compile(r"achterstand|achter (?:met|loop|sta)|schuld|niet (?:op tijd )?betaald|aanmaning|herinnering"
                      r"|arrears|behind (?:with|on)|\bdebts?\b|(?:not|n't) (?:been )?paid|reminder", re.I)
# The rent asked beside the arrears ("hoeveel huur betaal ik en heb ik een achterstand?"): QA, session 22, only the
# arrears were told. The overview says both.
_RENT_AMOUNT = re.compile(r"hoeveel (?:\w+ ){0,2}(?:huur|betaal ik)\b|hoe hoog (?:is )?(?:mijn |de )?huur\b|"
                          r"wat is (?:mijn|de) huur\b|how much (?:\w+ ){0,2}(?:rent|do i pay)\b|what is my rent\b",
                          re.I)
# "ik kan het niet betalen, wat nu?": the status, then help (QA, session 20: breakdown, status and the long
# general text); without arrears the short help (rent_cannot_pay_help), with arrears the general answer too.
_CANNOT_PAY = re.compile(r"\b(?:kan|kun|kunnen) (?:\w+ ){0,3}niet (?:meer )?betalen|\bniet (?:meer )?kunnen betalen|"
                         r"geldzorgen|geldproblemen|betalingsproblemen|\b(?:can'?t|cannot|can not|unable to) pay\b|"
                         r"struggl\w* to pay|money (?:problems|worries)", re.I)


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
            step = personal_answer(svc, session, content, turn, verified, personal, turn.text)
    except Unavailable:
        return None
    own = step.reply
    if own is None or own.reply_name == "session_expired":
        return None
    status_meta = AnswerMetadata(general.metadata.topic, general.metadata.confidence)
    if personal == "my_rent" and _ARREARS.search(turn.text):  # the status is the answer
        return Reply(own.text, status_meta, own.reply_name, personal=own.personal)
    if personal == "my_rent" and _CANNOT_PAY.search(turn.text) and own.reply_name != ARREARS_REPLY:
        return Reply("\n\n".join((own.text, reply_text(content, "rent_cannot_pay_help"))), status_meta,
                     own.reply_name, general.buttons, personal=own.personal)
    return Reply("\n\n".join((own.text, reply_text(content, "general_information"), general.text)),
                 general.metadata, own.reply_name, general.buttons, personal=own.personal)


def personal_request(svc: Services, content: Content, turn: Turn) -> Step:
    """A personal question or 'ik wil inloggen': answered when verified, else verification starts."""
    if turn.intent == START_REPAIR and stops_report(turn.text):
        # "ik wil die melding van het raam intrekken" read as a new report started a new form (QA, session 18)
        turn = replace(turn, intent=WITHDRAW_REPAIR)
    read_as_general = general_reading(content, turn.text, turn.intent, turn.confidence)
    if read_as_general is not None:  # "wat is een huismeester": a general question, no login
        return Step(read_as_general, slots={NEXT_STEP: None})
    if turn.intent == "my_rewards" and content.profile.rewards is None:  # nothing personal to tell
        return Step(fixed_reply(content, "rewards_off", intent_meta(turn.intent, turn.confidence)),
                    slots={NEXT_STEP: None})
    try:
        with svc.unit() as session:
            now = svc.clock()
            key = v.conversation_key(turn.sender_id)
            verified = verified_tenant(svc, session, turn)
            if verified is not None:
                return personal_answer(svc, session, content, turn, verified, turn.intent, turn.text)
            meta = intent_meta(turn.intent, turn.confidence)
            if svc.lockout.is_locked(key, None):
                return Step(fixed_reply(content, "verify_locked", meta), slots={NEXT_STEP: None})
            pending = None if turn.intent == VERIFY else turn.intent
            slots: Dict[str, Any] = {**reset_verification(), NEXT_STEP: "verify", PENDING_REQUEST: pending,
                                     PENDING_CONFIDENCE: turn.confidence}
            if turn.intent == START_REPAIR:  # kept through verification, then the form asks the rest
                slots.update(reset_repair(), **report_details(content, turn, turn.text))
            # Withdrawing a request: how it works, before the login that lets it be done here.
            general = (reply_text(content, "repair_withdraw_general"),) if turn.intent == WITHDRAW_REPAIR else ()
            # Only a number the WhatsApp channel vouched for: a forged one would send codes to anyone
            # and tell whether a number belongs to a tenant.
            phone = channel_trust.trusted_phone(svc.action_secret, turn.channel, turn.sender_id, turn.metadata)
            if turn.channel in CODE_CHANNELS and phone is not None and v.send_code(
                    session, svc.backoffice, svc.notifier, key, phone,
                    lambda code, tenant_id: code_message(session, content, turn, tenant_id, code), now):
                return Step(intro=(*general, reply_text(content, "verify_intro_code")),
                            slots={**slots, VERIFICATION_METHOD: "code"})
            v.forget_answers(session, key)
            contract = parse_contract_number(turn.text) if turn.intent == VERIFY else None
            if contract is not None:  # a contract number typed again after a failed login: not asked again
                if v.check_answers(session, svc.backoffice, svc.lockout, key, v.Answers(contract), now).outcome \
                        is v.Outcome.LOCKED:
                    return Step(fixed_reply(content, "verify_locked", meta), slots={NEXT_STEP: None})
                slots[VERIFICATION_SLOTS[0]] = RECEIVED
            intro = "verify_intro" if contract is None else "verify_intro_have_contract"
            return Step(intro=(*general, reply_text(content, intro)), slots={**slots, VERIFICATION_METHOD: "gegevens"})
    except Unavailable:
        return unavailable(content, turn.intent, turn.confidence)


def code_message(session: Session, content: Content, turn: Turn, tenant_id: int, code: str) -> str:
    """The login code's message, in this conversation's language, or, when no message decided it
    yet ("mijn huur" is too short), the tenant's stored language (Dutch when none)."""
    language = turn.language or stored_language(session, tenant_id) or DUTCH
    return reply_text(in_language(content, language), "verify_code_message", {"code": code})
