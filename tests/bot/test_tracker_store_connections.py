"""The private SQL tracker store on an SQLite file keeps its connection between sessions (SQLAlchemy 1.4
opened a new one for every session, twice a turn), and still sees what other processes write."""

from __future__ import annotations

from pathlib import Path
from typing import List

import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from sqlalchemy import create_engine, text

from tests.bot.test_tracker_store import domain, kept_tracker, make_store, new_tracker, run, turn

__all__ = ["domain"]  # the module fixture, shared


def test_turns_on_a_file_reuse_one_connection(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    opened: List[object] = []
    sa.event.listen(store.engine, "connect", lambda connection, record: opened.append(connection))
    tracker = kept_tracker(store, "a")
    for text_ in ("en een konijn?", "en een vogel?", "en een vis?"):
        tracker = run(store.retrieve("a"))
        turn(tracker, text_)
        run(store.save(tracker))
    assert len(opened) == 1


def test_a_kept_connection_sees_other_processes_writes_and_deletes(domain: Domain, tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    store = make_store(domain, db)
    tracker = kept_tracker(store, "b")
    other = make_store(domain, db)  # another server, or a staff tool, on the same file
    theirs = run(other.retrieve("b"))
    turn(theirs, "en een konijn?")
    run(other.save(theirs))
    back = run(store.retrieve("b"))
    assert back is not tracker
    assert [e.text for e in back.events if isinstance(e, UserUttered)][-1] == "en een konijn?"
    engine = create_engine(f"sqlite:///{db}", future=True)
    with engine.begin() as conn:  # `make privacy-vergeet` while the server runs
        conn.execute(text("delete from events where sender_id = 'b'"))
    engine.dispose()
    assert run(store.retrieve("b")) is None
    fresh = new_tracker(store, "b")
    turn(fresh, "mag ik een kat houden")
    run(store.save(fresh))
    assert [e.text for e in run(other.retrieve("b")).events if isinstance(e, UserUttered)] == ["mag ik een kat houden"]
