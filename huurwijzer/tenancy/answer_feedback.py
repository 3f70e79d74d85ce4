"""'Heeft dit geholpen?' under an answer in the website chat: the one owner of that state. The Rasa
server's web chat records a thumb through `record` (it is the only writer); staff tools read the
counts per entry; the retention job deletes old rows and a tenant's rows on an erasure request.

The table sits in the tenancy database beside the assistant's other state, keyed by a hash of the
conversation id (no sender id in clear); huurwijzer.tenancy.database creates it with them, and
`record` creates it when a thumb comes first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache
from typing import List, Optional, Tuple

from sqlalchemy import Boolean, Column, DateTime, Integer, String, Table, func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.tenancy.schema import metadata
from huurwijzer.tenancy.verification import conversation_key

answer_feedback = Table(
    "answer_feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("conversation_key", String(64), nullable=False),
    Column("knowledge_id", String(100), nullable=False, index=True),
    Column("helpful", Boolean, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


@dataclass(frozen=True)
class EntryFeedback:
    knowledge_id: str
    helpful: int
    not_helpful: int


@lru_cache(maxsize=4)
def _ensure_table(engine: Engine) -> None:
    answer_feedback.create(engine, checkfirst=True)


def record(engine: Engine, session_id: str, knowledge_id: str, helpful: bool, now: Optional[datetime] = None) -> None:
    """One thumb up or down for the answer `knowledge_id` in the web-chat conversation `session_id`,
    stored in its own unit of work (the caller is a channel, not a flow with a session)."""
    _ensure_table(engine)
    when = now or datetime.now(timezone.utc).replace(tzinfo=None)
    with Session(engine, future=True) as session, session.begin():
        session.execute(insert(answer_feedback).values(conversation_key=conversation_key(session_id),
                                                       knowledge_id=knowledge_id, helpful=helpful, created_at=when))


def per_entry(session: Session) -> Tuple[EntryFeedback, ...]:
    """'Heeft dit geholpen?' per entry, most thumbs-down first (what staff should look at)."""
    f = answer_feedback
    rows = session.execute(select(f.c.knowledge_id, f.c.helpful, func.count()).group_by(f.c.knowledge_id, f.c.helpful))
    counts: dict[str, List[int]] = {}
    for knowledge_id, helpful, count in rows:
        counts.setdefault(knowledge_id, [0, 0])[0 if helpful else 1] += int(count)
    items = [EntryFeedback(k, v[0], v[1]) for k, v in counts.items()]
    return tuple(sorted(items, key=lambda e: (-e.not_helpful, e.knowledge_id)))
