"""Two Rasa servers sharing one conversation's lock in Redis (the machine's Redis, database 12): a
release that comes late never takes the ticket of the next message, and tickets issued and released
at the same moment by two servers are never lost. In CI the fault suite's second server answered a
message with the apology because a late release removed that message's ticket (Rasa numbers a
conversation's tickets from 0 again and changes the lock by reading and writing it back)."""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from typing import Iterator, List

import pytest
import redis
from rasa.core.lock_store import RedisLockStore

from bot.resilience import conversation_lock

REDIS_DB = 12


@pytest.fixture()
def conversation() -> Iterator[str]:
    name = f"tickets-{uuid.uuid4().hex}"
    yield name
    client = redis.Redis(port=6379, db=REDIS_DB)
    client.delete(f"lock:{name}", f"lock_ticket:{name}")


def a_server() -> RedisLockStore:
    """One Rasa server's lock store: its own connection pool to the shared Redis."""
    return RedisLockStore(host="127.0.0.1", port=6379, db=REDIS_DB, socket_timeout=1)


def test_a_late_release_leaves_the_next_messages_ticket_alone(conversation: str) -> None:
    first, second = a_server(), a_server()

    async def late_release_then_next_message() -> None:
        old = await conversation_lock.issue_ticket(first, conversation, 0.05)
        await asyncio.sleep(0.1)  # the first server's ticket expired: Redis was away, no renewal came
        new = await conversation_lock.issue_ticket(second, conversation, 2.0)
        assert new != old
        await conversation_lock.release(first, conversation, old)  # Redis back: the late release
        lock = await conversation_lock.acquire(second, conversation, new, 0.01)
        assert not lock.is_locked(new)
        await conversation_lock.release(second, conversation, new)

    asyncio.run(late_release_then_next_message())
    assert second.get_lock(conversation) is None  # the last release removes the lock, as in Rasa


def test_two_servers_issuing_and_releasing_at_once_lose_no_ticket(conversation: str) -> None:
    lost: List[int] = []
    start = threading.Barrier(2)

    def messages(store: RedisLockStore) -> None:
        start.wait()
        for _ in range(150):
            ticket = asyncio.run(conversation_lock.issue_ticket(store, conversation, 5.0))
            lock = store.get_lock(conversation)
            if lock is None or all(held.number != ticket for held in lock.tickets):
                lost.append(ticket)
            asyncio.run(conversation_lock.release(store, conversation, ticket))

    servers = [threading.Thread(target=messages, args=(a_server(),)) for _ in range(2)]
    for server in servers:
        server.start()
    for server in servers:
        server.join(timeout=60)
    assert lost == []
    assert a_server().get_lock(conversation) is None


def test_a_ticket_that_expired_while_waiting_ends_the_wait(conversation: str) -> None:
    """Rasa would wait for ever: the served ticket is 0 once the lock is empty."""
    from rasa.core.lock_store import LockError

    store = a_server()

    async def wait_for_an_expired_ticket() -> float:
        ahead = await conversation_lock.issue_ticket(store, conversation, 0.3)
        mine = await conversation_lock.issue_ticket(store, conversation, 0.1)
        started = time.monotonic()
        with pytest.raises(LockError):
            await asyncio.wait_for(conversation_lock.acquire(store, conversation, mine, 0.02), 2.0)
        await conversation_lock.release(store, conversation, ahead)
        return time.monotonic() - started

    assert asyncio.run(wait_for_an_expired_ticket()) < 1.0
