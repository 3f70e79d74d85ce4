"""The conversation's lock while its message is handled: a short lifetime, renewed while the turn
runs (so the lock of a server that died holds the conversation for seconds, not a minute), and
released later when Redis was away at the end of the turn."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any, Set

logger = logging.getLogger(__name__)

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
    from rasa.core.lock_store import RedisLockStore

    while True:
        await asyncio.sleep(LOCK_RENEW_SECONDS)
        try:
            if isinstance(store, RedisLockStore):  # a network call: off the event loop
                await asyncio.to_thread(renew_ticket, store, conversation_id, ticket)
            else:  # the in-memory lock is shared with the event loop: renewed on it
                renew_ticket(store, conversation_id, ticket)
        except Exception as exc:  # noqa: BLE001 - Redis away: the ticket expires by itself
            logger.warning("conversation.lock_not_renewed error=%s", exc.__class__.__name__)


async def release_when_back(store: Any, conversation_id: str, ticket: int) -> None:
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        await asyncio.sleep(RELEASE_RETRY_SECONDS)
        try:
            await asyncio.to_thread(store.cleanup, conversation_id, ticket)
            logger.info("conversation.lock_released_late")
            return
        except Exception:  # noqa: BLE001 - still away; the ticket expires at the deadline anyway
            continue


_background: Set[asyncio.Future[Any]] = set()


def in_background(coroutine: Any) -> None:
    task = asyncio.ensure_future(coroutine)
    _background.add(task)
    task.add_done_callback(_background.discard)
