"""The conversation lock's tickets in Redis, each change made in one step (a Lua script).

Rasa's RedisLockStore reads the lock, changes it in Python and writes it back, so two Rasa servers
changing one conversation's lock at the same moment overwrite each other's tickets. It also numbers
tickets from 0 again once the lock is empty or its tickets expired, so a release that comes late
(after Redis was away at the end of a turn) removed the ticket of the next message, which then got
the apology: the fault suite saw this in CI. Here ticket numbers come from a counter that is never
reset while a late release can still arrive, and issuing, renewing and releasing are atomic.

The lock keeps Rasa's format (a TicketLock as JSON, its tickets as JSON strings), so Rasa's own
reading (`get_lock`, `is_locked`) works unchanged.
"""

from __future__ import annotations

import time
from typing import Any

# A late release arrives within seconds (conversation_lock.LOCK_SECONDS); a day is far beyond it.
COUNTER_SECONDS = 86_400

_ISSUE_SCRIPT = """
local now = tonumber(ARGV[2])
local raw = redis.call('GET', KEYS[1])
local lock
if raw then lock = cjson.decode(raw) else lock = {conversation_id = ARGV[1], tickets = {}} end
local kept, last = {}, -1
for _, text in ipairs(lock.tickets) do
  local ticket = cjson.decode(text)
  if ticket.number > last then last = ticket.number end
  if ticket.expires >= now then table.insert(kept, text) end
end
local number = redis.call('INCR', KEYS[2]) - 1
if number <= last then
  number = last + 1
  redis.call('SET', KEYS[2], number + 1)
end
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[4]))
table.insert(kept, cjson.encode({number = number, expires = now + tonumber(ARGV[3])}))
lock.tickets = kept
redis.call('SET', KEYS[1], cjson.encode(lock))
return number
"""

# Removes one ticket (and the expired ones); the lock goes when no ticket is left, as in Rasa.
_RELEASE_SCRIPT = """
local raw = redis.call('GET', KEYS[1])
if not raw then return 0 end
local lock = cjson.decode(raw)
local mine, now = tonumber(ARGV[1]), tonumber(ARGV[2])
local kept = {}
for _, text in ipairs(lock.tickets) do
  local ticket = cjson.decode(text)
  if ticket.number ~= mine and ticket.expires >= now then table.insert(kept, text) end
end
if #kept == 0 then
  redis.call('DEL', KEYS[1])
  return 1
end
lock.tickets = kept
redis.call('SET', KEYS[1], cjson.encode(lock))
return 1
"""

# Moves the expiry of one ticket, so a renewal never overwrites a ticket another server issued.
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


def is_redis(store: Any) -> bool:
    from rasa.core.lock_store import RedisLockStore

    return isinstance(store, RedisLockStore)


def _lock_key(store: Any, conversation_id: str) -> str:
    return str(store.key_prefix) + conversation_id


def _counter_key(store: Any, conversation_id: str) -> str:
    # Rasa's prefix ends in "lock:"; "lock_ticket:" differs right after "lock", so no conversation's
    # lock key can be a counter's key.
    prefix = str(store.key_prefix)
    return prefix[: -len(":")] + "_ticket:" + conversation_id


def issue(store: Any, conversation_id: str, lifetime: float) -> int:
    """The new ticket's number; LockError when Redis fails, as Rasa's issue_ticket raises."""
    from rasa.core.lock_store import LockError

    keys = (_lock_key(store, conversation_id), _counter_key(store, conversation_id))
    try:
        return int(store.red.eval(_ISSUE_SCRIPT, 2, *keys, conversation_id, repr(time.time()), repr(lifetime),
                                  COUNTER_SECONDS))
    except Exception as error:  # noqa: BLE001 - any Redis failure means no ticket
        raise LockError(f"Error while acquiring lock. Error:\n{error.__class__.__name__}") from error


def release(store: Any, conversation_id: str, ticket: int) -> None:
    store.red.eval(_RELEASE_SCRIPT, 1, _lock_key(store, conversation_id), ticket, repr(time.time()))


def renew(store: Any, conversation_id: str, ticket: int, expires: float) -> None:
    store.red.eval(_RENEW_SCRIPT, 1, _lock_key(store, conversation_id), ticket, repr(expires))
