"""The conversation's lock while its message is handled: a short lifetime, renewed while the turn
runs (so the lock of a server that died holds the conversation for seconds, not a minute), and
released later when Redis was away at the end of the turn.

Every call to the Redis lock store runs in a worker thread (`on_store`): redis-py blocks, up to its
socket timeout (1 s in production) per call while Redis hangs, and on the event loop that held up
every other conversation and the health page meanwhile. The in-memory lock store is shared with
the event loop and stays on it. `lock` is Rasa's LockStore.lock with the same steps, off the loop
(used by Rasa's reminders and HTTP API; a tenant's message takes its lock in bot/resilience/turn.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Callable, Optional, Set, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")

LOCK_SECONDS = 2.0
LOCK_RENEW_SECONDS = 0.5
RELEASE_RETRY_SECONDS = 0.2

# Moves the expiry of one ticket of a Rasa ticket lock (JSON with tickets as JSON strings) in one
# step, so a renewal never overwrites a ticket another server issued meanwhile.
_RENEW_SCRIPT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local lock = cjson.decode(raw)
for i, text in ipairs(lock.tickets) do
  local ticket = cjson.decode(text)
  if ticket.number == tonumber(ARGV[1]) then
    ticket.expires = tonumber(ARGV[2])
    lock.tickets[i] = cjson.encode(ticket)
    redis.call('SET', KEYS[1], cjson.encode(lock))
    return 1
  end
end
return 0
"""


async def on_store(store: Any, call: Callable[..., T], *args: Any) -> T:
    """`call(*args)`, a call to `store`: in a worker thread when it goes over the network (Redis)."""
    from rasa.core.lock_store import InMemoryLockStore

    if isinstance(store, InMemoryLockStore):  # a dict shared with the event loop: used on it
        return call(*args)
    return await asyncio.to_thread(call, *args)


async def issue_ticket(store: Any, conversation_id: str, lifetime: float) -> int:
    return await on_store(store, store.issue_ticket, conversation_id, lifetime)


async def acquire(store: Any, conversation_id: str, ticket: int, poll_seconds: float) -> Any:
    """LockStore._acquire_lock with its calls off the loop: the lock once `ticket` is served (or it
    expired); LockError when the lock is gone."""
    from rasa.core.lock_store import LockError

    while True:
        lock = await on_store(store, store.get_lock, conversation_id)
        if not lock:
            break
        if not lock.is_locked(ticket):
            return lock
        await asyncio.sleep(poll_seconds)
        await on_store(store, store.update_lock, conversation_id)
    raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")


async def release(store: Any, conversation_id: str, ticket: int) -> None:
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
    from rasa.core.lock_store import RedisLockStore

    expires = time.time() + LOCK_SECONDS
    if isinstance(store, RedisLockStore):
        store.red.eval(_RENEW_SCRIPT, 1, store.key_prefix + conversation_id, ticket, repr(expires))
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
