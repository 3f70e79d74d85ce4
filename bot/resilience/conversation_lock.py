"""The conversation's lock while its message is handled: a short lifetime, renewed while the turn
runs (so the lock of a server that died holds the conversation for seconds, not a minute), and
released later when Redis was away at the end of the turn.

Every call to the Redis lock store runs in a worker thread (`on_store`): redis-py blocks, up to its
socket timeout (1 s in production) per call while Redis hangs, and on the event loop that held up
every other conversation and the health page meanwhile. The in-memory lock store is shared with
the event loop and stays on it. `lock` is Rasa's LockStore.lock with the same steps, off the loop
(used by Rasa's reminders and HTTP API; a tenant's message takes its lock in bot/resilience/turn.py).
On Redis, tickets are issued, renewed and released in one step each (bot/resilience/redis_tickets.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Optional, Set, TypeVar

from bot.resilience import redis_tickets

logger = logging.getLogger(__name__)

T = TypeVar("T")

LOCK_SECONDS = 2.0
LOCK_RENEW_SECONDS = 0.5
RELEASE_RETRY_SECONDS = 0.2


async def on_store(store: Any, call: Callable[..., T], *args: Any) -> T:
    """`call(*args)`, a call to `store`: in a worker thread when it goes over the network (Redis)."""
    from rasa.core.lock_store import InMemoryLockStore

    if isinstance(store, InMemoryLockStore):  # a dict shared with the event loop: used on it
        return call(*args)
    return await asyncio.to_thread(call, *args)


async def issue_ticket(store: Any, conversation_id: str, lifetime: float) -> int:
    if redis_tickets.is_redis(store):
        return await on_store(store, redis_tickets.issue, store, conversation_id, lifetime)
    return await on_store(store, store.issue_ticket, conversation_id, lifetime)


async def acquire(store: Any, conversation_id: str, ticket: int, poll_seconds: float) -> Any:
    """LockStore._acquire_lock with its calls off the loop: the lock once `ticket` is served;
    LockError when the lock or the ticket is gone (it expired: Rasa would wait on for ever)."""
    from rasa.core.lock_store import LockError

    while True:
        lock = await on_store(store, store.get_lock, conversation_id)
        if not lock:
            break
        if not lock.is_locked(ticket):
            return lock
        if all(held.number != ticket for held in lock.tickets):
            break
        await asyncio.sleep(poll_seconds)
        if not redis_tickets.is_redis(store):  # Redis: issuing and releasing drop expired tickets
            await on_store(store, store.update_lock, conversation_id)
    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")


async def release(store: Any, conversation_id: str, ticket: int) -> None:
    if redis_tickets.is_redis(store):
        await on_store(store, redis_tickets.release, store, conversation_id, ticket)
        return
    await on_store(store, store.cleanup, conversation_id, ticket)


@asynccontextmanager
async def lock(self: Any, conversation_id: str, lock_lifetime: Optional[float] = None,
               wait_time_in_seconds: float = 1) -> AsyncIterator[Any]:
    """LockStore.lock (`self` the store) as Rasa's, with the store's calls off the event loop."""
    from rasa.core.lock_store import LOCK_LIFETIME

    ticket = await issue_ticket(self, conversation_id, LOCK_LIFETIME if lock_lifetime is None else lock_lifetime)
    try:
        yield await acquire(self, conversation_id, ticket, wait_time_in_seconds)
    finally:
        await release(self, conversation_id, ticket)


def renew_ticket(store: Any, conversation_id: str, ticket: int) -> None:
    expires = time.time() + LOCK_SECONDS
    if redis_tickets.is_redis(store):
        redis_tickets.renew(store, conversation_id, ticket, expires)
        return
    lock = store.get_lock(conversation_id)
    if lock is not None:
        for held in lock.tickets:
            if held.number == ticket:
                held.expires = expires
        store.save_lock(lock)


async def keep_ticket(store: Any, conversation_id: str, ticket: int) -> None:
    """Renews the ticket while its message waits and is handled (cancelled afterwards)."""
    while True:
        await asyncio.sleep(LOCK_RENEW_SECONDS)
        try:
            await on_store(store, renew_ticket, store, conversation_id, ticket)
        except Exception as exc:  # noqa: BLE001 - Redis away: the ticket expires by itself
            logger.warning("conversation.lock_not_renewed error=%s", exc.__class__.__name__)


async def release_when_back(store: Any, conversation_id: str, ticket: int) -> None:
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(RELEASE_RETRY_SECONDS)
        try:
            await release(store, conversation_id, ticket)
            logger.info("conversation.lock_released_late")
            return
        except Exception:  # noqa: BLE001 - still away; the ticket expires at the deadline anyway
            continue


_background: Set[asyncio.Future[Any]] = set()


def in_background(coroutine: Any) -> None:
    task = asyncio.ensure_future(coroutine)
    _background.add(task)
    task.add_done_callback(_background.discard)
