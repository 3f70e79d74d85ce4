"""The tables for texts that feedback rows had no column for (a note's English text, the comment
with a month-3 score) are created in an existing database and work on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.conversation import repair_feedback as rf
from huurwijzer.tenancy import feedback_texts as ft
from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.tenant_language import tenant_languages

NOW = datetime(2026, 11, 22, 10)


def test_the_new_tables_come_with_the_state_tables_and_keep_their_texts(engine: Engine) -> None:
    ensure_state_tables(engine)
    names = set(inspect(engine).get_table_names())
    assert {"feedback_note_english", "followup_comments", tenant_languages.name} <= names
    with Session(engine, future=True) as session, session.begin():
        with_english = rf.publish_note(session, "De chat is ook op zaterdag open.", "test", NOW,
                                       "  The chat is   also open on Saturdays. ")
        dutch_only = rf.publish_note(session, "Het portaal toont uw betalingen.", "test", NOW, "  ")
        ft.save_comment(session, 987654, "fijne buurt, mail a.b@example.nl", NOW)
        ft.save_comment(session, 987655, None, NOW)
    with Session(engine, future=True) as session:
        english = ft.note_english(session, [with_english, dutch_only])
        said = ft.comments(session, [987654, 987655])
    assert english == {with_english: "The chat is also open on Saturdays."}
    assert said == {987654: "fijne buurt, mail [e-mail]"}
