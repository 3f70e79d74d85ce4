"""The conversation kernel: what every flow shares. A `Turn` in, a `Step` out, the `Services` a
flow works with (one database session per unit of work), `Unavailable` when a store is away, the
slot names the flows set and the resets of a form's slots, and who the tenant of a conversation is.

The flows build on this module (personal_questions, verification_flow, repair_flow, journey,
followup_flows, maatwerk_flows, choices); it imports none of them. No Rasa types: the SDK
actions in actions/ only translate. Names the Rasa server reads too are in shared_names.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any, Callable, Dict, Iterator, Mapping, Optional, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.content.topics import topic_for_intent
from huurwijzer.conversation import repair_details
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply
from huurwijzer.conversation.shared_names import (
    CODE_SLOT,
    PORTAL_TOKEN_KEY,
    PREFERENCE_SLOTS,
    VERIFICATION_SLOTS,
)
from huurwijzer.settings import get_settings
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import BackOffice, SqlBackOffice
from huurwijzer.tenancy.lockout import Lockout, LockoutStore, MemoryLockoutStore, RedisLockoutStore
from huurwijzer.tenancy.tenant_language import remember

# Slot names shared with bot/domain/personal.yml (those the tracker store hides are in shared_names).
NEXT_STEP = "next_step"  # verify | repair_form | None: which rule runs after the action
# The personal questions asked before verification, in the order asked, separated by spaces (the
# first started the login; one asked during the login questions is kept too: pending_intents).
PENDING_REQUEST = "pending_request"
# Its classifier confidence: the answer after verification carries it, not that of the last login
# answer (a date of birth has no intent: 0.0).
PENDING_CONFIDENCE = "pending_confidence"
VERIFICATION_METHOD = "verification_method"  # gegevens | code
VERIFICATION_OUTCOME = "verification_outcome"
REPAIR_SLOTS = repair_details.SLOTS
REPAIR_OUTCOME = "repair_outcome"

FEEDBACK_SLOTS = ("feedback_score", "feedback_comment")  # the journey's closing questions

START_REPAIR = "start_repair_report"
VERIFY = "verify_identity"

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
    # The language a message of this conversation decided (content.language.decided_language);
    # None when none did. A verified tenant's is stored (remember_language).
    language: Optional[str] = None
    # The knowledge id of the answer given just before this message (back_reference.previous_subject);
    # None when that answer had none.
    previous_answer: Optional[str] = None
    # The context of that answer (back_reference.previous_context: the fear reply's); None when it had none.
    previous_context: Optional[str] = None
    # The payloads of the buttons under the assistant's last message: what a bare "ja" may choose.
    offered: Tuple[str, ...] = ()
    # When the assistant last showed the onboarding journey here (its offer, a step or the way back into it),
    # naive UTC; None when unknown. A "stop" answers what was shown last: this or a follow-up (followup_flows).
    journey_shown_at: Optional[datetime] = None
    # Out of scope: the id of the subject staff listed as not ours that the NLU gate matched in this message
    # (its parse result's NOT_OURS_SUBJECT_KEY); None when it matched none.
    not_ours_subject: Optional[str] = None


@dataclass(frozen=True)
class Step:
    """What an action says (intro texts without metadata first, then one reply with metadata),
    and the slots it sets."""

    reply: Optional[Reply] = None
    intro: Tuple[str, ...] = ()
    slots: Mapping[str, Any] = field(default_factory=dict)
    end_form: bool = False
    resume_form: Optional[str] = None  # the form to go on with at once (it asks its first empty question)


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
    action_secret: str = ""  # checks what a channel vouches for (huurwijzer.conversation.channel_trust)

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


def pending_intents(value: Any) -> Tuple[str, ...]:
    """The questions PENDING_REQUEST keeps, first asked first."""
    return tuple(str(value or "").split())


def intent_meta(intent: str, confidence: float) -> AnswerMetadata:
    """The metadata of an answer to `intent`: its topic (chitchat when it has none)."""
    return AnswerMetadata(topic_for_intent(intent) or "chitchat", confidence)


def unavailable(content: Content, intent: str, confidence: float) -> Step:
    return Step(fixed_reply(content, "personal_unavailable", intent_meta(intent, confidence)), slots=reset_all(),
                end_form=True)


def paused(content: Content, meta: AnswerMetadata, slot: str) -> Step:
    """A form's answer that cannot be checked now (database or login counter away): the apology,
    the slot stays empty, and the form asks the same question again, so nothing unchecked is kept
    and nothing given so far is lost."""
    return Step(fixed_reply(content, "personal_unavailable", meta), slots={slot: None})


def reset_verification() -> Dict[str, Any]:
    return {**{s: None for s in VERIFICATION_SLOTS}, CODE_SLOT: None, VERIFICATION_METHOD: None,
            VERIFICATION_OUTCOME: None}


def reset_repair() -> Dict[str, Any]:
    return {**{s: None for s in REPAIR_SLOTS}, REPAIR_OUTCOME: None}


def reset_all() -> Dict[str, Any]:
    return {**reset_verification(), **reset_repair(), **{s: None for s in PREFERENCE_SLOTS + FEEDBACK_SLOTS},
            PENDING_REQUEST: None, PENDING_CONFIDENCE: None, NEXT_STEP: None}


def verified_tenant(svc: Services, session: Session, turn: Turn) -> Optional[v.Verified]:
    """The verified tenant of this conversation; a valid portal token in the message counts too."""
    now = svc.clock()
    key = v.conversation_key(turn.sender_id)
    verified = v.current(session, key, now)
    token = turn.metadata.get(PORTAL_TOKEN_KEY)
    if verified is None and isinstance(token, str) and svc.portal_secret:
        verified = v.accept_portal_token(session, svc.backoffice, key, token, svc.portal_secret,
                                         svc.portal_audience, now).verified
    if verified is not None:
        remember_language(session, verified, turn, now)
    return verified


def remember_language(session: Session, verified: v.Verified, turn: Turn, now: datetime) -> None:
    """Stores the language this verified tenant's conversation is in, for what is sent to them
    outside a conversation (huurwijzer.tenancy.tenant_language). Nothing when no message decided it."""
    if turn.language is not None and remember(session, verified.tenant_id, turn.language, now):
        logger.info("tenant.language_stored language=%s", turn.language)
