"""Follow-ups after the keys: consent, the scheduled run (`python -m bot.cli opvolgen`) and the
tenant's answer. Plain functions over sessions; no Rasa types.

Sending is at most once per tenant and moment: a row in `followup_deliveries` is inserted before
the message goes out, and its unique key (tenant, moment) makes a second run, or a second server
at the same moment, skip it. A message whose sending failed is retried by the next run; one whose
process died between claiming and sending is not (never twice is the promise, not always once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, Mapping, Optional, Protocol, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from huurwijzer.content.followup_plan import FollowUpPlan, Moment, render_moment
from huurwijzer.content.language import ENGLISH
from huurwijzer.conversation.followup_report import RunReport, moment_kind
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import BackOffice, ContactDetails
from huurwijzer.tenancy.feedback_texts import comments
from huurwijzer.tenancy.tenant_language import stored_language

logger = logging.getLogger(__name__)

# How long after a follow-up the tenant's message counts as the answer to it.
ANSWER_WINDOW = timedelta(days=14)
SENDING, SENT, FAILED, SKIPPED = "bezig", "verzonden", "mislukt", "overgeslagen"
PROBLEM, ALL_GOOD, STOPPED = "probleem", "in_orde", "stop"
SCORED = "cijfer"  # answered with a score ("cijfer 8"), as the month-3 follow-up asks


def score_answer(score: int) -> str:
    return f"{SCORED} {score}"


# --- consent ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Consent:
    tenant_id: int
    contract_number: str
    given_at: datetime
    wording: str
    stopped_at: Optional[datetime]

    @property
    def active(self) -> bool:
        return self.stopped_at is None


def consent(session: Session, tenant_id: int) -> Optional[Consent]:
    c = t.followup_consents
    row = session.execute(select(c.c.tenant_id, c.c.contract_number, c.c.given_at, c.c.wording, c.c.stopped_at)
                          .where(c.c.tenant_id == tenant_id)).one_or_none()
    return Consent(**row._mapping) if row else None


def give_consent(session: Session, tenant_id: int, contract_number: str, wording: str, now: datetime) -> None:
    """Records the yes with its date and the exact text the tenant agreed to (a new yes replaces
    an earlier stop)."""
    c = t.followup_consents
    values = {"contract_number": contract_number, "given_at": now, "wording": wording, "stopped_at": None}
    if consent(session, tenant_id) is None:
        session.execute(insert(c).values(tenant_id=tenant_id, **values))
    else:
        session.execute(update(c).where(c.c.tenant_id == tenant_id).values(**values))


def stop(session: Session, tenant_id: int, now: datetime) -> bool:
    """'stop': no follow-up at all any more. True if there was an active consent."""
    c = t.followup_consents
    result = session.execute(update(c).where(c.c.tenant_id == tenant_id, c.c.stopped_at.is_(None))
                             .values(stopped_at=now))
    return bool(result.rowcount)


# --- sending ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Outgoing:
    tenant_id: int
    moment: str
    channel: str  # whatsapp | sms | e-mail | portaal
    recipient: str
    text: str
    template: str  # WhatsApp template name
    language: str
    first_name: str
    conversation_key: Optional[str] = None


class SendFailed(Exception):
    """The channel did not take the message; the next run tries again."""


class Sender(Protocol):
    def send(self, session: Session, message: Outgoing, now: datetime) -> None: ...


class OutboxSender:
    """Portal message, e-mail and SMS through the notifier interface (the demo one writes to the
    outbox table in the same transaction as the delivery's status)."""

    def __init__(self, notifier: object) -> None:
        from huurwijzer.tenancy.verification import Notifier

        self._notifier: Notifier = notifier  # type: ignore[assignment]

    def send(self, session: Session, message: Outgoing, now: datetime) -> None:
        self._notifier.send(session, message.channel, message.recipient, message.text, now)


def route(preferred_channel: Optional[str], details: ContactDetails) -> Tuple[str, str]:
    """(channel, recipient) for the tenant's choice; the portal when the choice cannot be reached."""
    if preferred_channel == "whatsapp" and details.phone:
        return "whatsapp", details.phone
    if preferred_channel == "telefoon" and details.phone:
        return "sms", details.phone
    if preferred_channel == "e-mail" and details.email and len(details.email) <= 40:
        return "e-mail", details.email
    return "portaal", f"huurder:{details.tenant_id}"


@dataclass(frozen=True)
class _Due:
    tenant_id: int
    moment: Optional[Moment]
    missed: Tuple[Moment, ...]
    preferred_channel: Optional[str]
    preferred_times: Optional[str]
    english: bool  # the tenant's stored language (huurwijzer.tenancy.tenant_language) is English


def _candidates(session: Session, backoffice: BackOffice, plan: FollowUpPlan, today: datetime) -> List[_Due]:
    c, d, p = t.followup_consents, t.followup_deliveries, t.contact_preferences
    consents = session.execute(select(c.c.tenant_id, c.c.contract_number).where(c.c.stopped_at.is_(None))
                               .order_by(c.c.tenant_id)).all()
    due: List[_Due] = []
    for tenant_id, contract_number in consents:
        contract = backoffice.contract(session, contract_number)
        if contract is None or (contract.end_date is not None and contract.end_date <= today.date()):
            continue
        done = session.execute(select(d.c.moment).where(d.c.tenant_id == tenant_id, d.c.status != FAILED)).scalars()
        moment, missed = plan.due(contract.start_date, today.date(), list(done))
        if moment is None and not missed:
            continue
        prefs = session.execute(select(p.c.channel, p.c.preferred_times).where(p.c.tenant_id == tenant_id)).first()
        due.append(_Due(tenant_id, moment, missed, prefs.channel if prefs else None,
                        prefs.preferred_times if prefs else None, stored_language(session, tenant_id) == ENGLISH))
    return due


def claim(engine: Engine, tenant_id: int, moment: str, status: str, channel: str, key: Optional[str],
           now: datetime) -> bool:
    """True if this run now owns (tenant, moment). The insert either wins or hits the unique key;
    a failed earlier attempt is taken over by one conditional update."""
    d = t.followup_deliveries
    try:
        with Session(engine, future=True) as session, session.begin():
            session.execute(insert(d).values(tenant_id=tenant_id, moment=moment, status=status, channel=channel,
                                             conversation_key=key, claimed_at=now))
        return True
    except IntegrityError:
        pass
    if status != SENDING:
        return False
    with Session(engine, future=True) as session, session.begin():
        result = session.execute(update(d).where(d.c.tenant_id == tenant_id, d.c.moment == moment,
                                                 d.c.status == FAILED)
                                 .values(status=SENDING, channel=channel, conversation_key=key, claimed_at=now))
        return bool(result.rowcount)


def run(engine: Engine, backoffice: BackOffice, plan: FollowUpPlan, variables: Mapping[str, str],
        senders: Mapping[str, Sender], now: datetime, zone: str,
        conversation_key_for: Callable[[str], Optional[str]] = lambda phone: None,
        variables_en: Optional[Mapping[str, str]] = None) -> RunReport:
    """Sends what is due now. `now` is naive UTC; `senders` maps whatsapp/sms/e-mail/portaal to a
    Sender. A tenant whose stored language is English gets the moment's English text (with the
    profile's English wording, `variables_en`) where it has one. Run it as often as you like:
    nothing goes out twice."""
    from huurwijzer.tenancy.database import ensure_state_tables

    report = RunReport()
    if not plan.enabled:
        report.notes.append("opvolging staat uit in het corporatieprofiel (opvolging.aan: false)")
        return report
    ensure_state_tables(engine)
    local = now.replace(tzinfo=timezone.utc).astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    with Session(engine, future=True) as session:
        due = _candidates(session, backoffice, plan, local)
    for item in due:
        for missed in item.missed:
            if claim(engine, item.tenant_id, missed.id, SKIPPED, "-", None, now):
                report.skipped += 1
        if item.moment is None:
            continue
        if not plan.may_send_at(item.preferred_times, local):
            report.not_now += 1
            continue
        with Session(engine, future=True) as session:
            details = backoffice.contact_details(session, item.tenant_id)
        if details is None:
            continue
        channel, recipient = route(item.preferred_channel, details)
        key = conversation_key_for(recipient) if channel == "whatsapp" else None
        if not claim(engine, item.tenant_id, item.moment.id, SENDING, channel, key, now):
            report.taken += 1
            continue
        english = item.english and item.moment.text_en is not None
        wording = variables_en if english and variables_en is not None else variables
        message = Outgoing(item.tenant_id, item.moment.id, channel, recipient,
                           render_moment(item.moment, wording, details.first_name, english),
                           item.moment.whatsapp_template, plan.template_language(english), details.first_name, key)
        deliver(engine, senders[channel], message, now, report)
    return report


def deliver(engine: Engine, sender: Sender, message: Outgoing, now: datetime, report: RunReport) -> None:
    d = t.followup_deliveries
    where = and_(d.c.tenant_id == message.tenant_id, d.c.moment == message.moment)
    try:
        with Session(engine, future=True) as session, session.begin():
            sender.send(session, message, now)
            session.execute(update(d).where(where).values(status=SENT, sent_at=now))
        report.sent += 1
        report.record(message.moment, message.channel, SENT)
    except SendFailed as exc:
        # Which kind of message and why; never who (the tenant, the repair's reference), the text or
        # the number. The failed delivery is in the database, tried again by the next run.
        logger.error("followup.send_failed moment=%s channel=%s reason=%s", moment_kind(message.moment),
                     message.channel, exc)
        with Session(engine, future=True) as session, session.begin():
            session.execute(update(d).where(where).values(status=FAILED))
        report.failed += 1
        report.record(message.moment, message.channel, FAILED)


# --- the tenant's answer ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    id: int
    tenant_id: int
    moment: str
    channel: str
    sent_at: datetime


def open_followup(session: Session, conversation_key: str, tenant_id: Optional[int],
                  now: datetime) -> Optional[Delivery]:
    """The newest unanswered follow-up this message answers: sent to this conversation (WhatsApp)
    or to this tenant, within the last two weeks."""
    d = t.followup_deliveries
    whose = d.c.conversation_key == conversation_key
    if tenant_id is not None:
        whose = or_(whose, d.c.tenant_id == tenant_id)
    row = session.execute(select(d.c.id, d.c.tenant_id, d.c.moment, d.c.channel, d.c.sent_at)
                          .where(whose, d.c.status == SENT, d.c.answer.is_(None), d.c.sent_at >= now - ANSWER_WINDOW)
                          .order_by(d.c.sent_at.desc(), d.c.id.desc()).limit(1)).one_or_none()
    return Delivery(**row._mapping) if row else None


def record_answer(session: Session, delivery_id: int, answer: str, now: datetime) -> None:
    d = t.followup_deliveries
    session.execute(update(d).where(d.c.id == delivery_id).values(answer=answer, answered_at=now))


@dataclass(frozen=True)
class DeliveryRow:
    moment: str
    status: str
    channel: str
    sent_at: Optional[datetime]
    answer: Optional[str]
    comment: Optional[str] = None  # with a score (huurwijzer.tenancy.feedback_texts), masked


def history(session: Session, tenant_id: int) -> Tuple[DeliveryRow, ...]:
    """What was sent to a tenant, for the staff's tenant page."""
    d = t.followup_deliveries
    rows = session.execute(select(d.c.id, d.c.moment, d.c.status, d.c.channel, d.c.sent_at, d.c.answer)
                           .where(d.c.tenant_id == tenant_id).order_by(d.c.claimed_at, d.c.id)).all()
    said = comments(session, [r.id for r in rows])
    return tuple(DeliveryRow(r.moment, r.status, r.channel, r.sent_at, r.answer, said.get(r.id)) for r in rows)


def senders_by_channel(outbox: Sender, whatsapp: Sender) -> Dict[str, Sender]:
    return {"whatsapp": whatsapp, "sms": outbox, "e-mail": outbox, "portaal": outbox}
