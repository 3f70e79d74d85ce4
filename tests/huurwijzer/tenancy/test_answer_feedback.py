"""'Heeft dit geholpen?': the web chat's one way into the tenancy database."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, inspect, select
from sqlalchemy.orm import Session

from huurwijzer.tenancy import answer_feedback as feedback
from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.verification import conversation_key


def test_a_thumb_is_stored_by_conversation_hash_and_counted_per_entry(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'tenancy.db'}", future=True)
    when = datetime(2026, 12, 2, 9, 0)
    feedback.record(engine, "web-1", "huur-betalen", True, when)  # creates its table when it comes first
    feedback.record(engine, "web-2", "huur-betalen", False, when)
    feedback.record(engine, "web-2", "huisdieren", False, when)
    feedback.record(engine, "web-3", "huisdieren", False, when)
    with Session(engine, future=True) as session:
        keys = set(session.execute(select(feedback.answer_feedback.c.conversation_key)).scalars())
        assert keys == {conversation_key(s) for s in ("web-1", "web-2", "web-3")}  # no sender id in clear
        assert feedback.per_entry(session) == (feedback.EntryFeedback("huisdieren", 0, 2),
                                               feedback.EntryFeedback("huur-betalen", 1, 1))


def test_the_state_tables_include_the_feedback_and_the_portal_logins(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'state.db'}", future=True)
    ensure_state_tables(engine)
    assert {"answer_feedback", "ended_portal_tokens", "portal_logins", "verified_sessions"} <= \
        set(inspect(engine).get_table_names())
