"""Who is this conversation? Verification state lives on the server, keyed by a hash of the
conversation id; the tracker only ever holds that a question was answered, never the answer.

Plain functions over a session the caller owns; no Rasa types. Every `now` is naive UTC.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from typing import Callable, Optional, Protocol

from sqlalchemy import Column, DateTime, String, Table, delete, insert, select, update
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import BackOffice
from huurwijzer.tenancy.identity import (
    match_holder,
    parse_contract_number,
    parse_date_of_birth,
    parse_postcode,
    verify_portal_token,
)
from huurwijzer.tenancy.lockout import Lockout

IDLE_LIMIT = timedelta(minutes=30)
CODE_LIFETIME = timedelta(minutes=10)
_CODE = re.compile(r"(?<!\d)(\d{3})\s?(\d{3})(?!\d)")

# The portal logins' own state (tenancy.database creates it with the other state tables).
# Portal tokens a tenant logged out with ("log uit"): refused until they expire (a hash, not the token).
ended_portal_tokens = Table(
    "ended_portal_tokens", t.metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("expires_at", DateTime, nullable=False),
)
# Which conversation a portal token logged in, so that logging out there ends the token too.
portal_logins = Table(
    "portal_logins", t.metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("conversation_key", String(64), nullable=False, index=True),
    Column("expires_at", DateTime, nullable=False),
)


def conversation_key(sender_id: str) -> str:
    return hashlib.sha256(("huurwijzer-conversation:" + sender_id).encode()).hexdigest()


@dataclass(frozen=True)
class Verified:
    tenant_id: int
    contract_number: str
    method: str  # gegevens | portaal | code


@dataclass(frozen=True)
class Answers:
    contract_number: Optional[str] = None
    postcode: Optional[str] = None
    date_of_birth: Optional[date] = None

    @property
    def complete(self) -> bool:
        return bool(self.contract_number and self.postcode and self.date_of_birth)

    def updated_with(self, newer: Answers) -> Answers:
        return Answers(newer.contract_number or self.contract_number, newer.postcode or self.postcode,
                       newer.date_of_birth or self.date_of_birth)


def parse_answers(text: str, today: date) -> Answers:
    """Everything recognisable in one message: a tenant may give all three at once."""
    return Answers(parse_contract_number(text), parse_postcode(text), parse_date_of_birth(text, today))


def parse_code(text: str) -> Optional[str]:
    match = _CODE.search(text)
    return match.group(1) + match.group(2) if match else None


class Outcome(str, Enum):
    VERIFIED = "verified"
    INCOMPLETE = "incomplete"
    FAILED = "failed"
    LOCKED = "locked"
    NO_CODE = "no_code"  # no valid code was sent for this conversation (or it expired)


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    verified: Optional[Verified] = None


# --- verified sessions ---------------------------------------------------------------------------

def current(session: Session, key: str, now: datetime) -> Optional[Verified]:
    """The verified tenant of this conversation, if verified and not idle for 30 minutes; keeps
    the verification alive."""
    v = t.verified_sessions
    row = session.execute(select(v.c.tenant_id, v.c.contract_number, v.c.method, v.c.last_active_at)
                          .where(v.c.conversation_key == key)).one_or_none()
    if row is None:
        return None
    if now - row.last_active_at > IDLE_LIMIT:
        session.execute(delete(v).where(v.c.conversation_key == key))
        return None
    session.execute(update(v).where(v.c.conversation_key == key).values(last_active_at=now))
    return Verified(row.tenant_id, row.contract_number, row.method)


def register(session: Session, key: str, verified: Verified, now: datetime) -> None:
    v = t.verified_sessions
    session.execute(delete(v).where(v.c.conversation_key == key))
    session.execute(insert(v).values(conversation_key=key, tenant_id=verified.tenant_id,
                                     contract_number=verified.contract_number, method=verified.method,
                                     verified_at=now, last_active_at=now))
    c = t.tenant_conversations
    if not session.execute(select(c.c.conversation_key).where(c.c.conversation_key == key,
                                                             c.c.tenant_id == verified.tenant_id)).first():
        session.execute(insert(c).values(conversation_key=key, tenant_id=verified.tenant_id, first_seen=now))


def end(session: Session, key: str) -> bool:
    """Logs out: forgets the verification and any half-given answers, and ends the portal tokens
    this conversation logged in with. True if someone was verified."""
    session.execute(delete(t.pending_verifications).where(t.pending_verifications.c.conversation_key == key))
    logins = portal_logins
    for token_hash, expires_at in session.execute(select(logins.c.token_hash, logins.c.expires_at)
                                                  .where(logins.c.conversation_key == key)).all():
        ended = ended_portal_tokens
        if not session.execute(select(ended.c.token_hash).where(ended.c.token_hash == token_hash)).first():
            session.execute(insert(ended).values(token_hash=token_hash, expires_at=expires_at))
    session.execute(delete(logins).where(logins.c.conversation_key == key))
    v = t.verified_sessions
    return bool(session.execute(delete(v).where(v.c.conversation_key == key)).rowcount)


# --- contract number, postcode and date of birth -------------------------------------------------

def pending_answers(session: Session, key: str, now: datetime) -> Answers:
    p = t.pending_verifications
    row = session.execute(select(p.c.contract_number, p.c.postcode, p.c.date_of_birth, p.c.updated_at)
                          .where(p.c.conversation_key == key)).one_or_none()
    if row is None or now - row.updated_at > IDLE_LIMIT:
        return Answers()
    return Answers(row.contract_number, row.postcode, row.date_of_birth)


def _save_pending(session: Session, key: str, now: datetime, **values: object) -> None:
    p = t.pending_verifications
    if session.execute(select(p.c.conversation_key).where(p.c.conversation_key == key)).first():
        session.execute(update(p).where(p.c.conversation_key == key).values(updated_at=now, **values))
    else:
        session.execute(insert(p).values(conversation_key=key, updated_at=now, **values))


def forget_answers(session: Session, key: str) -> None:
    session.execute(delete(t.pending_verifications).where(t.pending_verifications.c.conversation_key == key))


def check_answers(session: Session, backoffice: BackOffice, lockout: Lockout, key: str, given: Answers,
                  now: datetime) -> Result:
    """Adds `given` to the answers so far; once all three are there, checks them in one go."""
    answers = pending_answers(session, key, now).updated_with(given)
    if lockout.is_locked(key, answers.contract_number):
        forget_answers(session, key)
        return Result(Outcome.LOCKED)
    if not answers.complete:
        _save_pending(session, key, now, contract_number=answers.contract_number, postcode=answers.postcode,
                      date_of_birth=answers.date_of_birth)
        return Result(Outcome.INCOMPLETE)
    assert answers.contract_number and answers.postcode and answers.date_of_birth
    forget_answers(session, key)
    holders = backoffice.contract_holders(session, answers.contract_number)
    holder = match_holder(holders, answers.contract_number, answers.postcode, answers.date_of_birth)
    if holder is None:
        lockout.record_failure(key, answers.contract_number)
        locked = lockout.is_locked(key, answers.contract_number)
        return Result(Outcome.LOCKED if locked else Outcome.FAILED)
    lockout.record_success(key, answers.contract_number)
    verified = Verified(holder.tenant_id, holder.contract_number, "gegevens")
    register(session, key, verified, now)
    return Result(Outcome.VERIFIED, verified)


# --- one-time code to the phone number of a WhatsApp sender ---------------------------------------

class Notifier(Protocol):
    """Sends a short text to a phone number. The demo one writes to the outbox table."""

    def send(self, session: Session, channel: str, recipient: str, body: str, now: datetime) -> None: ...


class OutboxNotifier:
    def send(self, session: Session, channel: str, recipient: str, body: str, now: datetime) -> None:
        session.execute(insert(t.outbox_messages).values(channel=channel, recipient=recipient, body=body,
                                                         created_at=now))


def normalise_phone(raw: str) -> Optional[str]:
    """'+31 6 1234 5678', '0031612345678', '31612345678' -> '+31612345678'."""
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("06") and len(digits) == 10:
        digits = "31" + digits[1:]
    return "+" + digits if 8 <= len(digits) <= 15 else None


def _code_hash(key: str, code: str) -> str:
    return hmac.new(key.encode(), code.encode(), hashlib.sha256).hexdigest()


def send_code(session: Session, backoffice: BackOffice, notifier: Notifier, key: str, phone: str,
              message: Callable[[str, int], str], now: datetime,
              make_code: Callable[[], str] = lambda: f"{secrets.randbelow(10**6):06d}") -> bool:
    """Sends a one-time code when exactly one tenant with a current contract has this phone
    number; False otherwise (then the tenant answers the three questions instead).
    `message(code, tenant_id)` is the text (in the tenant's language)."""
    number = normalise_phone(phone)
    holders = backoffice.holders_by_phone(session, number) if number else ()
    if number is None or len({(h.tenant_id, h.contract_number) for h in holders}) != 1:
        return False
    code = make_code()
    _save_pending(session, key, now, code_hash=_code_hash(key, code), code_tenant_id=holders[0].tenant_id,
                  code_contract_number=holders[0].contract_number, code_expires_at=now + CODE_LIFETIME)
    notifier.send(session, "whatsapp", number, message(code, holders[0].tenant_id), now)
    return True


def code_was_sent(session: Session, key: str, now: datetime) -> bool:
    p = t.pending_verifications
    expires = session.execute(select(p.c.code_expires_at).where(p.c.conversation_key == key)).scalar()
    return expires is not None and now < expires


def check_code(session: Session, lockout: Lockout, key: str, code: str, now: datetime) -> Result:
    p = t.pending_verifications
    row = session.execute(select(p.c.code_hash, p.c.code_tenant_id, p.c.code_contract_number, p.c.code_expires_at)
                          .where(p.c.conversation_key == key)).one_or_none()
    if row is None or row.code_hash is None or now >= row.code_expires_at:
        return Result(Outcome.NO_CODE)
    if lockout.is_locked(key, row.code_contract_number):
        forget_answers(session, key)
        return Result(Outcome.LOCKED)
    if not hmac.compare_digest(row.code_hash, _code_hash(key, code)):
        lockout.record_failure(key, row.code_contract_number)
        if lockout.is_locked(key, row.code_contract_number):
            forget_answers(session, key)
            return Result(Outcome.LOCKED)
        return Result(Outcome.FAILED)
    forget_answers(session, key)
    lockout.record_success(key, row.code_contract_number)
    verified = Verified(row.code_tenant_id, row.code_contract_number, "code")
    register(session, key, verified, now)
    return Result(Outcome.VERIFIED, verified)


# --- tenant portal token (website) ----------------------------------------------------------------

def accept_portal_token(session: Session, backoffice: BackOffice, key: str, token: str, secret: str,
                        audience: str, now: datetime) -> Result:
    """A valid portal token whose tenant really holds the contract it names verifies the
    conversation; anything else is refused without saying why."""
    identity = verify_portal_token(token, secret, audience, now.replace(tzinfo=timezone.utc))
    if identity is None:
        return Result(Outcome.FAILED)
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    ended, logins = ended_portal_tokens, portal_logins
    session.execute(delete(ended).where(ended.c.expires_at <= now))
    session.execute(delete(logins).where(logins.c.expires_at <= now))
    if session.execute(select(ended.c.token_hash).where(ended.c.token_hash == token_hash)).first():
        return Result(Outcome.FAILED)  # the tenant logged out with this token
    holders = backoffice.contract_holders(session, identity.contract_number)
    if not any(h.tenant_id == identity.tenant_id for h in holders):
        return Result(Outcome.FAILED)
    verified = Verified(identity.tenant_id, identity.contract_number, "portaal")
    register(session, key, verified, now)
    session.execute(delete(logins).where(logins.c.token_hash == token_hash))
    session.execute(insert(logins).values(token_hash=token_hash, conversation_key=key,
                                          expires_at=identity.expires_at or now))
    return Result(Outcome.VERIFIED, verified)
