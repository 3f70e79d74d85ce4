"""Rasa's SQL tracker store, minus the personal data it does not need (AVG/GDPR).

Each new event is redacted before it is written (bot/event_redaction.py decides what of an event
is stored and masks the tenant's personal data in it); the conversation in memory keeps the real
text for the turn that is running, and between turns the conversation as stored.

Reading and writing a conversation on PostgreSQL runs in a worker thread, not on the server's event
loop: a database that hangs (until the connect and statement timeouts) then holds up only the turns
that wait for it, not every tenant and health check of the server (tests/test_repeat_and_stall_faults.py).
SQLite runs on the loop as before: a file is not a network path that hangs, and an in-memory
database is one connection per thread (a worker thread would see an empty one).

Those threads are the store's own (at most THREADS), not the event loop's default pool: that pool
has CPU count + 4 threads (6 on a 2-core server), and six reads hanging on the database for their
timeouts (8 s measured) held up every other worker-thread call meanwhile, the Redis lock store's
included (its ticket renewals: a ticket not renewed expires after 2 s). docs/performance.md,
"Session 15".
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import itertools
import json
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from bot.event_redaction import redacted_new_events
from huurwijzer.tenancy.db_timeouts import engine_kwargs

# The turn running in this task (bot/resilience/turn.py enters one_turn() while it holds the
# conversation's lock): a kept conversation checked against the database once in a turn is not
# checked again in the same turn, as no one else can write it meanwhile. A turn reads the
# conversation twice (for a retried message, then to handle it): the second check cost a twentieth
# of the Rasa server's CPU (docs/performance.md).
_turn: ContextVar[Optional[object]] = ContextVar("huurwijzer_turn", default=None)
_T = TypeVar("_T")


@contextmanager
def one_turn() -> Iterator[None]:
    """While the caller holds the conversation's lock for one message."""
    token = _turn.set(object())
    try:
        yield
    finally:
        _turn.reset(token)


class PrivateSQLTrackerStore(SQLTrackerStore):
    """Configured in bot/endpoints.yml with `type: bot.tracker_store.PrivateSQLTrackerStore`. The Rasa
    methods it overrides or calls are listed in bot/rasa_patches.py.

    Between turns it keeps recent conversations in memory: rebuilding a conversation from the
    database on every message was a fifth of the Rasa server's time (docs/performance.md). A kept
    conversation is used only when it is exactly what is stored: no other server wrote to it since
    (the newest stored event id is unchanged) and it was not changed without being saved. When
    something in a turn was redacted, memory keeps the conversation as stored (replayed from the
    redacted events), never the clear text: reading it back from the database after every such
    turn made a letter with a name or an address cost a third more (docs/performance.md).
    """

    KEEP_CONVERSATIONS = 1000
    # Reads and writes waiting on PostgreSQL at once (Rasa's connection pool holds 50, and 100 more).
    THREADS = 16
    engine: sa.engine.Engine

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa built the engine without checking pooled connections before use, and its setup
        # (creating the tables) left one in the pool counted as fresh: turning the check on later
        # skips a fresh connection once, so a server whose first message came after a database
        # outage used it dead and the tenant got the apology. Built again here, checking from the
        # start; the connections of Rasa's engine are closed.
        engine = self.engine
        if engine.dialect.name != "sqlite":
            # With the connect and statement timeouts: a database that hangs gives the apology.
            self._use(sa.create_engine(engine.url, **engine_kwargs(engine.url.drivername, pool_pre_ping=True,
                                                                   **create_engine_kwargs(engine.url))))
        elif isinstance(engine.pool, sa.pool.NullPool):  # a database file (in memory: kept as it is)
            # SQLAlchemy 1.4 opens a new SQLite connection for every session, twice a turn; kept open
            # instead, as SQLAlchemy 2 does for a database file. Between turns a pooled connection
            # holds no transaction, so no lock: other processes read and write the file as before.
            self._use(sa.create_engine(engine.url, poolclass=sa.pool.QueuePool, pool_pre_ping=True,
                                       connect_args={"check_same_thread": False}))
        events = self.SQLEvent.__table__
        # Built once: building the query was most of the check a kept conversation needs per turn.
        self._newest_query = sa.select(sa.func.max(events.c.id)).where(
            events.c.sender_id == sa.bindparam("sender_id"))
        # sender id -> (tracker, number of its events stored, newest stored event id)
        self._kept: OrderedDict[str, Tuple[DialogueStateTracker, int, int]] = OrderedDict()
        # sender id -> the turn in which its kept conversation was last checked against the database
        self._checked_in: Dict[str, object] = {}
        # Worker threads read and write for several conversations at once; one conversation's turn
        # is still one at a time (the lock store's lock), so only the two mappings are shared.
        self._memory = threading.RLock()
        self._in_thread = self.engine.dialect.name != "sqlite"
        # Threads start when needed; they wait on the database, so more than the CPUs is right.
        self._threads = ThreadPoolExecutor(self.THREADS, thread_name_prefix="tracker-store")

    async def _blocking(self, work: Callable[..., _T], *args: Any) -> _T:
        """`work` (which waits on the database) in a worker thread, or on the loop for SQLite. The
        thread gets the task's context: the turn (`one_turn`) is known there. A turn cancelled
        meanwhile still waits for the thread (at most the timeouts): its conversation's lock is not
        released while a read or write of the conversation is under way."""
        if not self._in_thread:
            return work(*args)
        in_context = functools.partial(contextvars.copy_context().run, work, *args)  # as asyncio.to_thread
        running = asyncio.ensure_future(asyncio.get_running_loop().run_in_executor(self._threads, in_context))
        try:
            return await asyncio.shield(running)
        except asyncio.CancelledError:
            await asyncio.wait([running])
            raise

    def _use(self, engine: sa.engine.Engine) -> None:
        """`engine` instead of the one Rasa built, whose connections are closed."""
        built, self.engine = self.engine, engine
        self.sessionmaker.configure(bind=engine)
        built.dispose()

    @property  # type: ignore[override]
    def domain(self) -> Any:
        return self._domain

    @domain.setter
    def domain(self, domain: Any) -> None:
        from rasa.shared.core.domain import Domain

        # A new model may bring other slots: kept conversations were built with the old domain.
        if getattr(self, "_domain", None) is not domain and hasattr(self, "_kept"):
            with self._memory:
                self._kept.clear()
                self._checked_in.clear()
        self._domain = domain or Domain.empty()

    def _newest_id(self, session: Any, sender_id: str) -> int:
        return int(session.execute(self._newest_query, {"sender_id": sender_id}).scalar() or 0)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        kept = self._kept.get(sender_id)
        turn = _turn.get()
        if (kept is not None and not fetch_events_from_all_sessions and turn is not None
                and self._checked_in.get(sender_id) is turn and len(kept[0].events) == kept[1]):
            return kept[0]  # checked against the database in this turn already: no thread needed
        return await self._blocking(self._read, sender_id, fetch_events_from_all_sessions)

    def _read(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        kept = self._kept.get(sender_id)
        if kept is not None and not fetch_events_from_all_sessions:
            tracker, stored, newest = kept
            turn = _turn.get()
            if len(tracker.events) != stored:
                unchanged = False
            elif turn is not None and self._checked_in.get(sender_id) is turn:
                unchanged = True
            else:
                with self.session_scope() as session:
                    unchanged = self._newest_id(session, sender_id) == newest
            if unchanged:
                with self._memory:
                    if self._kept.get(sender_id) is kept:  # not pushed out by another conversation meanwhile
                        self._kept.move_to_end(sender_id)
                    if turn is not None:
                        self._checked_in[sender_id] = turn
                return tracker
            self._forget(sender_id)
        return self._read_stored(sender_id, fetch_events_from_all_sessions)

    def _read_stored(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        """Rasa's SQLTrackerStore._retrieve (3.6), without its coroutine: it only waits on the database."""
        with self.session_scope() as session:
            rows = self._event_query(session, sender_id, fetch_events_from_all_sessions).all()
            events = [json.loads(row.data) for row in rows]
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _forget(self, sender_id: str) -> Optional[Tuple[DialogueStateTracker, int, int]]:
        with self._memory:
            self._checked_in.pop(sender_id, None)
            return self._kept.pop(sender_id, None)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        return iter(self._redacted_new_events(session, tracker)[0])

    def _stored_count(self, session: Any, tracker: DialogueStateTracker,
                      kept: Optional[Tuple[DialogueStateTracker, int, int]]) -> int:
        """How many of the tracker's events are stored: known when it is the conversation kept in
        memory (checked against the store when it was read, and the turn holds the conversation's
        lock), counted in the database otherwise (building and running that query was a tenth of
        the Rasa server's CPU, docs/performance.md)."""
        if kept is not None and kept[0] is tracker:
            return kept[1]
        return int(self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count())

    def _redacted_new_events(self, session: Any, tracker: DialogueStateTracker,
                             kept: Optional[Tuple[DialogueStateTracker, int, int]] = None,
                             ) -> Tuple[List[Event], bool]:
        """The events not stored yet, redacted, and whether any needed redacting."""
        stored = self._stored_count(session, tracker, kept or self._kept.get(tracker.sender_id))
        return redacted_new_events(tracker.events, stored)

    def _row(self, sender_id: str, event: Event) -> Dict[str, Any]:
        data = event.as_dict()
        return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data)}

    def _insert(self, session: Any, rows: List[Dict[str, Any]]) -> Optional[int]:
        """Writes the rows in their order; the id of the last one (the newest), None without rows.
        Plain inserts instead of the ORM's unit of work, which cost twice the CPU for a turn's rows."""
        if not rows:
            return None
        table = self.SQLEvent.__table__
        if len(rows) > 1:
            session.execute(sa.insert(table), rows[:-1])
        return int(session.execute(sa.insert(table), rows[-1]).inserted_primary_key[0])

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (events redacted), then the conversation is kept if memory equals the store."""
        await self.stream_events(tracker)
        await self._blocking(self._write, tracker)

    def _write(self, tracker: DialogueStateTracker) -> None:
        # Forgotten before writing: a save that fails leaves the conversation to be read again.
        kept = self._forget(tracker.sender_id)
        with self.session_scope() as session:
            events, changed = self._redacted_new_events(session, tracker, kept)
            newest = self._insert(session, [self._row(tracker.sender_id, event) for event in events])
            session.commit()
            # The store returns a conversation from its last session start on; a tracker that holds
            # more (the first turn's action_session_start, or an earlier session) is read again.
            starts = [i for i, e in enumerate(tracker.events) if isinstance(e, SessionStarted)]
            if starts in ([], [0]):
                if newest is None:
                    newest = self._newest_id(session, tracker.sender_id)
                if changed:
                    tracker = self._as_stored(tracker, events)
                with self._memory:
                    self._kept[tracker.sender_id] = (tracker, len(tracker.events), newest)
                    if len(self._kept) > self.KEEP_CONVERSATIONS:
                        self._forget(next(iter(self._kept)))

    def _as_stored(self, tracker: DialogueStateTracker, new: List[Event]) -> DialogueStateTracker:
        """The conversation as the database now holds it: its events before this save (as stored:
        the tracker was read from the store or kept equal to it) and the redacted new ones, replayed
        as `_retrieve` replays what it reads (the same slots, latest message, loop). Replaying in
        memory costs a twentieth of reading the conversation back (no SQL, no JSON)."""
        stored = len(tracker.events) - len(new)
        events = [*itertools.islice(tracker.events, stored), *new]
        return DialogueStateTracker.from_events(tracker.sender_id, events, self.domain.slots)
