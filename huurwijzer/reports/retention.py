"""AVG/GDPR housekeeping: a retention period for conversations, and erasure of one tenant's
conversations and of what the assistant stored about them.

The tenancy records themselves (contracts, ledger, repairs) belong to the corporation's
administration and have their own legal retention; they are not touched here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterable, Set

from sqlalchemy import Table, delete, func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from huurwijzer.conversation.onboarding import owner_for
from huurwijzer.reports.events import EVENTS, EVENTS_TABLE
from huurwijzer.tenancy import access_log
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.answer_feedback import answer_feedback
from huurwijzer.tenancy.feedback_texts import followup_comments
from huurwijzer.tenancy.tenant_language import tenant_languages
from huurwijzer.tenancy.verification import conversation_key


@dataclass(frozen=True)
class Removed:
    conversations: int
    events: int
    records: int  # rows in the assistant's own tables
    access_log: int = 0  # entries of the console's access log (huurwijzer/tenancy/access_log.py)


def _events_table(conn: Connection) -> Table | None:
    return EVENTS if inspect(conn).has_table(EVENTS_TABLE) else None


def _delete_conversations(conn: Connection, senders: Iterable[str]) -> Removed:
    events = _events_table(conn)
    senders = list(senders)
    if events is None or not senders:
        return Removed(0, 0, 0)
    removed = conn.execute(delete(events).where(events.c.sender_id.in_(senders))).rowcount
    return Removed(len(senders), int(removed or 0), 0)


def purge_older_than(tracker: Connection, state: Session, cutoff: datetime,
                     access_log_cutoff: datetime | None = None) -> Removed:
    """Removes conversations whose last message is older than `cutoff` (naive UTC), the
    assistant's own records of that age, and access-log entries older than `access_log_cutoff`
    (the access log has a retention period of its own)."""
    events = _events_table(tracker)
    old: list[str] = []
    if events is not None:
        last = select(events.c.sender_id, func.max(events.c.timestamp).label("last")).group_by(events.c.sender_id)
        old = [row.sender_id for row in tracker.execute(last) if row.last < cutoff.timestamp()]
    done = _delete_conversations(tracker, old)
    records = 0
    for table, column in ((answer_feedback, answer_feedback.c.created_at),
                          (t.outbox_messages, t.outbox_messages.c.created_at),
                          (t.pending_verifications, t.pending_verifications.c.updated_at),
                          (t.verified_sessions, t.verified_sessions.c.last_active_at),
                          (t.tenant_conversations, t.tenant_conversations.c.first_seen),
                          (tenant_languages, tenant_languages.c.updated_at)):
        records += int(state.execute(delete(table).where(column < cutoff)).rowcount or 0)
    viewed = access_log.purge_before(state, access_log_cutoff) if access_log_cutoff is not None else 0
    return Removed(done.conversations, done.events, records, viewed)


def erase_tenant(tracker: Connection, state: Session, tenant_id: int, phones: Iterable[str]) -> Removed:
    """Everything the assistant holds about one tenant: their conversations (found through the
    logins recorded in tenant_conversations and the follow-ups sent to them), onboarding progress,
    preferences, feedback, sessions, codes and messages sent to them, consent, tasks and choices.
    The access log (which staff member opened the tenant's page) is kept: it is the record of who
    saw the tenant's data, which erasure must not wipe (huurwijzer/tenancy/access_log.py)."""
    c = t.tenant_conversations
    keys: Set[str] = set(state.execute(select(c.c.conversation_key).where(c.c.tenant_id == tenant_id)).scalars())
    # Follow-ups on WhatsApp open a conversation the tenant may never have logged in to.
    d = t.followup_deliveries
    keys |= set(state.execute(select(d.c.conversation_key).where(d.c.tenant_id == tenant_id,
                                                                   d.c.conversation_key.is_not(None))).scalars())
    events = _events_table(tracker)
    senders = []
    if events is not None and keys:
        senders = [s for s in tracker.execute(select(events.c.sender_id).distinct()).scalars()
                   if conversation_key(s) in keys]
    done = _delete_conversations(tracker, senders)
    owners = [owner_for(tenant_id, ""), *(owner_for(None, key) for key in keys)]
    statements = [
        delete(t.onboarding_progress).where(t.onboarding_progress.c.owner.in_(owners)),
        delete(t.onboarding_feedback).where(t.onboarding_feedback.c.owner.in_(owners)),
        delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == tenant_id),
        delete(t.verified_sessions).where(t.verified_sessions.c.tenant_id == tenant_id),
        delete(t.pending_verifications).where(t.pending_verifications.c.code_tenant_id == tenant_id),
        delete(answer_feedback).where(answer_feedback.c.conversation_key.in_(keys or {""})),
        delete(t.pending_verifications).where(t.pending_verifications.c.conversation_key.in_(keys or {""})),
        delete(t.outbox_messages).where(t.outbox_messages.c.recipient.in_(list(phones) or [""])),
        delete(t.tenant_conversations).where(t.tenant_conversations.c.tenant_id == tenant_id),
        # after the keys: consent, follow-ups (and the comments with their scores), tasks, choices,
        # repair scores (huurwijzer.conversation.followups and others)
        delete(followup_comments).where(followup_comments.c.delivery_id.in_(
            select(t.followup_deliveries.c.id).where(t.followup_deliveries.c.tenant_id == tenant_id))),
        *(delete(table).where(table.c.tenant_id == tenant_id) for table in (
            t.followup_consents, t.followup_deliveries, t.tenant_tasks, t.tenant_choices, t.repair_feedback,
            t.feedback_note_mentions, tenant_languages)),
        delete(t.outbox_messages).where(t.outbox_messages.c.recipient == f"huurder:{tenant_id}"),
    ]
    records = sum(int(state.execute(statement).rowcount or 0) for statement in statements)
    return Removed(done.conversations, done.events, records)
