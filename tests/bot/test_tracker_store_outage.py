"""The tracker store after a PostgreSQL outage (reached through a forwarder the test cuts): the
first conversation read and written once the database is back works, also on a Rasa server that
had not used its pooled connection since it started. That connection was opened by Rasa's setup
before connections were checked before use, so it counted as fresh and was used unchecked: the
first tenant after the outage got the apology (tests/test_faults.py
test_postgres_down_in_the_repair_form, run alone, saw it on the second Rasa server)."""

from __future__ import annotations

import asyncio
import time
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, Iterator, List, Tuple

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.servers import scratch_postgres
from bot.tracker_store import PrivateSQLTrackerStore
from tests.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


@pytest.fixture()
def tracker_db() -> Iterator[str]:
    with scratch_postgres("hw_store_outage") as name:
        yield name


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def one_conversation(store: PrivateSQLTrackerStore, sender: str) -> None:
    """A first message read (nothing stored yet), answered and stored, and read back."""
    assert run(store.retrieve(sender)) is None
    tracker = DialogueStateTracker(sender, store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("mag ik een kat houden", {"name": "pets", "confidence": 0.9}),
                  ActionExecuted("action_answer_question"), BotUttered("Ja, dat mag."),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    run(store.save(tracker))
    store._kept.clear()  # read back from the database, not from memory
    stored = run(store.retrieve(sender))
    assert stored is not None and stored.latest_message.text == "mag ik een kat houden"


@pytest.mark.parametrize("used_before", [False, True], ids=["idle-since-start", "used-before"])
def test_the_first_conversation_after_an_outage_is_read_and_stored(domain: Domain, tracker_db: str,
                                                                   used_before: bool) -> None:
    proxy = TcpProxy(5432).start()
    store = None
    try:
        store = PrivateSQLTrackerStore(domain, dialect="postgresql", host="127.0.0.1", port=proxy.port,
                                       db=tracker_db, username="postgres", password="")
        if used_before:
            one_conversation(store, "before-the-outage")
        proxy.stop()  # PostgreSQL restarts: every open connection is cut
        proxy = TcpProxy(5432, port=proxy.port).start()
        one_conversation(store, "after-the-outage")  # the first use after the outage
    finally:
        proxy.stop()
        if store is not None:
            store.engine.dispose()


@contextmanager
def store_behind_a_proxy(domain: Domain, tracker_db: str) -> Iterator[Tuple[PrivateSQLTrackerStore, TcpProxy]]:
    """A tracker store on PostgreSQL through a forwarder the test can stall."""
    proxy = TcpProxy(5432).start()
    store = None
    try:
        store = PrivateSQLTrackerStore(domain, dialect="postgresql", host="127.0.0.1", port=proxy.port,
                                       db=tracker_db, username="postgres", password="")
        yield store, proxy
    finally:
        proxy.resume()
        proxy.stop()
        if store is not None:
            store.engine.dispose()


def test_a_read_waiting_on_a_hanging_database_leaves_the_event_loop_free(domain: Domain, tracker_db: str) -> None:
    """While one conversation's read waits on a database that hangs, the server's event loop runs on
    (other requests, other conversations); the read finishes when the database answers again."""
    with store_behind_a_proxy(domain, tracker_db) as (store, proxy):
        one_conversation(store, "before-the-stall")
        store._kept.clear()  # the next read goes to the database

        async def read_during_a_stall() -> Any:
            proxy.stall()
            reading = asyncio.ensure_future(store.retrieve("before-the-stall"))
            ticks, started = 0, time.monotonic()
            while time.monotonic() - started < 0.5:
                await asyncio.sleep(0.01)
                ticks += 1
            waiting = not reading.done()
            proxy.resume()
            return ticks, waiting, (await asyncio.gather(reading, return_exceptions=True))[0]

        ticks, waiting, tracker = run(read_during_a_stall())
        assert waiting and ticks >= 20, f"the event loop ran {ticks} times in 0.5 s"
        assert tracker is not None and tracker.latest_message.text == "mag ik een kat houden"


def test_a_turn_cancelled_while_its_save_waits_on_the_database_waits_for_the_save(domain: Domain,
                                                                                    tracker_db: str) -> None:
    """The conversation's lock is released when the turn ends: a turn cancelled while its save runs in
    a worker thread ends only when the save has, so no next turn reads the conversation half-written."""
    with store_behind_a_proxy(domain, tracker_db) as (store, proxy):
        one_conversation(store, "cancelled")
        tracker = run(store.retrieve("cancelled"))
        tracker.update(UserUttered("en een hond?", {"name": "pets", "confidence": 0.9}))

        async def cancel_during_a_stall() -> bool:
            proxy.stall()
            saving = asyncio.ensure_future(store.save(tracker))
            await asyncio.sleep(0.3)
            saving.cancel()
            await asyncio.sleep(0.3)
            ended_early = saving.done()
            proxy.resume()
            await asyncio.gather(saving, return_exceptions=True)
            return ended_early

        assert not run(cancel_during_a_stall())
        store._kept.clear()
        stored = run(store.retrieve("cancelled"))
        assert stored is not None and stored.latest_message.text == "en een hond?"


def test_reads_hanging_on_the_database_leave_the_default_worker_threads_to_others(domain: Domain,
                                                                                   tracker_db: str) -> None:
    """More reads hang than the event loop's default thread pool holds (CPU count + 4); a worker-thread
    call of something else (the Redis lock store renewing a ticket) still runs at once, and every read
    finishes when the database answers again."""
    import os

    hanging = min(32, (os.cpu_count() or 1) + 4) + 2
    with store_behind_a_proxy(domain, tracker_db) as (store, proxy):
        one_conversation(store, "pool")

        async def reads_during_a_stall() -> Tuple[float, List[Any]]:
            await asyncio.gather(*(store.retrieve(f"pool-{i}") for i in range(hanging)))  # connections pooled
            proxy.stall()
            reads = [asyncio.ensure_future(store.retrieve("pool")) for _ in range(hanging)]
            await asyncio.sleep(0.3)  # every read is waiting on the database
            started = time.monotonic()
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.to_thread(time.sleep, 0.01), timeout=1.5)
            waited = time.monotonic() - started
            proxy.resume()
            return waited, await asyncio.gather(*reads, return_exceptions=True)

        waited, trackers = run(reads_during_a_stall())
        assert waited < 0.5, f"a worker-thread call waited {waited:.1f} s behind the hanging reads"
        assert all(not isinstance(t, BaseException) and t.latest_message.text == "mag ik een kat houden"
                   for t in trackers)
