"""Texts that belong to feedback rows whose tables have no column for them: the English text of a
"U vroeg, wij deden" note (feedback_notes), and the comment a tenant gave with the month-3 score
(followup_deliveries keeps only "cijfer 8"). Each its own table keyed by the row it belongs to, so
existing databases need no ALTER: huurwijzer.tenancy.database creates them when missing.

The comment is stored masked (huurwijzer.privacy), like the comment with a repair score."""

from __future__ import annotations

from datetime import datetime
from typing import Dict, Iterable, Optional

from sqlalchemy import Column, DateTime, Integer, Table, Text, insert, select
from sqlalchemy.orm import Session

from huurwijzer.privacy import mask
from huurwijzer.tenancy.schema import metadata

feedback_note_english = Table(
    "feedback_note_english", metadata,
    Column("note_id", Integer, primary_key=True),  # feedback_notes.id
    Column("text", Text, nullable=False),
)

followup_comments = Table(
    "followup_comments", metadata,
    Column("delivery_id", Integer, primary_key=True),  # followup_deliveries.id
    Column("comment", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

TABLES = (feedback_note_english, followup_comments)


def add_note_english(session: Session, note_id: int, text: str) -> None:
    session.execute(insert(feedback_note_english).values(note_id=note_id, text=text))


def note_english(session: Session, note_ids: Iterable[int]) -> Dict[int, str]:
    """The English text of each of these notes that has one."""
    return _texts_of(session, feedback_note_english.c.note_id, feedback_note_english.c.text, note_ids)


def save_comment(session: Session, delivery_id: int, comment: Optional[str], now: datetime) -> None:
    """The comment with a score that answered a follow-up (masked); nothing when there was none."""
    if comment:
        session.execute(insert(followup_comments).values(delivery_id=delivery_id, comment=mask(comment)[:1000],
                                                         created_at=now))


def comments(session: Session, delivery_ids: Iterable[int]) -> Dict[int, str]:
    """The comment given with each of these follow-up answers that has one (masked)."""
    return _texts_of(session, followup_comments.c.delivery_id, followup_comments.c.comment, delivery_ids)


def _texts_of(session: Session, key: Column[int], text: Column[str], ids: Iterable[int]) -> Dict[int, str]:
    """{row id: its text} for the ids that have a row in the key's table."""
    wanted = list(ids)
    if not wanted:
        return {}
    return {int(i): str(t) for i, t in session.execute(select(key, text).where(key.in_(wanted)))}
