"""Channel state that every Rasa server must see the same when several share the load: the
per-sender rate limit, the limit on new conversations per client address, the message ids
already handled (WhatsApp and Twilio retry a webhook until they get a 200, and a retry may reach
another server), and the numbered choices Twilio showed a tenant (the answer "2" may reach
another server).

In the Rasa server's memory by default (one server); in Redis when HUURWIJZER_REDIS_URL is set
(docs/deploy.md). Keys are hashed: no phone numbers or sender ids are stored in Redis.

When Redis fails, a tenant is still answered, so each call fails open and logs
`channel_state.unavailable` (no message contents): the rate limit lets the message through, a
message id counts as new (a retry may then be answered twice), and a typed number is passed on
as text. Each call waits at most REDIS_TIMEOUT seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import threading
import time
import uuid
from collections import OrderedDict, deque
from typing import Any, Callable, Deque, Dict, List, Optional, Protocol

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 10.0
SEEN_SECONDS = 24 * 3600  # Meta retries a webhook for up to a day
CHOICES_SECONDS = 3600
REDIS_TIMEOUT = 0.5


def _key(kind: str, value: str) -> str:
    return f"hw:{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


class SenderLimit(Protocol):
    async def allow(self, sender: str) -> bool: ...


class NewSenderLimit(Protocol):
    async def allow(self, address: str, sender: str) -> bool: ...


class SeenMessages(Protocol):
    async def first_time(self, message_id: str) -> bool: ...


class Choices(Protocol):
    async def put(self, key: str, choices: List[Dict[str, Any]]) -> None: ...
    async def pop(self, key: str) -> List[Dict[str, Any]]: ...


# ---- one server: memory -------------------------------------------------------------------

class MemorySenderLimit:
    """At most `per_window` messages per sender per window; 0 switches the limit off."""

    def __init__(self, per_window: int, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_window, self._window, self._clock = per_window, window, clock
        self._seen: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    async def allow(self, sender: str) -> bool:
        if self.per_window <= 0:
            return True
        now = self._clock()
        with self._lock:
            recent = self._seen.setdefault(sender, deque())
            while recent and now - recent[0] >= self._window:
                recent.popleft()
            if len(recent) >= self.per_window:
                return False
            recent.append(now)
            if len(self._seen) > 100_000:  # forget idle senders
                for key in [k for k, v in self._seen.items() if not v or now - v[-1] >= self._window]:
                    del self._seen[key]
            return True


class MemorySeenMessages:
    def __init__(self, keep_seconds: float = SEEN_SECONDS, max_size: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._keep, self._max, self._clock = keep_seconds, max_size, clock

    async def first_time(self, message_id: str) -> bool:
        now = self._clock()
        while self._seen and (len(self._seen) > self._max or next(iter(self._seen.values())) < now - self._keep):
            self._seen.popitem(last=False)
        if message_id in self._seen:
            return False
        self._seen[message_id] = now
        return True


class MemoryChoices:
    def __init__(self, max_size: int = 100_000) -> None:
        self._choices: OrderedDict[str, List[Dict[str, Any]]] = OrderedDict()
        self._max = max_size

    async def put(self, key: str, choices: List[Dict[str, Any]]) -> None:
        self._choices[key] = choices
        self._choices.move_to_end(key)
        while len(self._choices) > self._max:
            self._choices.popitem(last=False)

    async def pop(self, key: str) -> List[Dict[str, Any]]:
        return self._choices.pop(key, [])


# ---- several servers: Redis ---------------------------------------------------------------

class MemoryNewSenderLimit:
    """At most `per_minute` new conversations per client address per minute (0: no limit). A
    sender counts as known for KNOWN_SECONDS after its first message; a refused one stays new."""

    KNOWN_SECONDS = 3600.0

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic, max_size: int = 200_000) -> None:
        self.per_minute, self._clock, self._max = per_minute, clock, max_size
        self._known: OrderedDict[str, float] = OrderedDict()
        self._new: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    async def allow(self, address: str, sender: str) -> bool:
        if self.per_minute <= 0:
            return True
        now = self._clock()
        with self._lock:
            seen = self._known.get(sender)
            if seen is not None and now - seen < self.KNOWN_SECONDS:
                self._known.move_to_end(sender)
                return True
            recent = self._new.setdefault(address, deque())
            while recent and now - recent[0] >= 60:
                recent.popleft()
            if len(recent) >= self.per_minute:
                return False
            recent.append(now)
            self._known[sender] = now
            while len(self._known) > self._max:
                self._known.popitem(last=False)
            if len(self._new) > self._max:
                for key in [k for k, v in self._new.items() if not v or now - v[-1] >= 60]:
                    del self._new[key]
            return True


def _unavailable(what: str, error: Exception) -> None:
    logger.error("channel_state.unavailable store=redis what=%s error=%s", what, error.__class__.__name__)


class RedisState:
    """One Redis connection pool per event loop: redis.asyncio connections belong to the loop
    that made them (Sanic runs one loop per server; tests may run several)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._clients: Dict[int, Any] = {}

    def client(self) -> Any:
        import asyncio

        import redis.asyncio as aioredis

        loop = id(asyncio.get_running_loop())
        if loop not in self._clients:
            self._clients[loop] = aioredis.Redis.from_url(self.url, socket_timeout=REDIS_TIMEOUT,
                                                          socket_connect_timeout=REDIS_TIMEOUT)
        return self._clients[loop]


class RedisSenderLimit:
    def __init__(self, state: RedisState, per_window: int, window: float = WINDOW_SECONDS) -> None:
        self._state, self.per_window, self._window = state, per_window, window

    async def allow(self, sender: str) -> bool:
        if self.per_window <= 0:
            return True
        key, now = _key("rate", sender), time.time()
        member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        try:
            redis = self._state.client()
            async with redis.pipeline(transaction=True) as pipe:
                pipe.zremrangebyscore(key, 0, now - self._window)
                pipe.zcard(key)
                pipe.zadd(key, {member: now})
                pipe.expire(key, math.ceil(self._window))
                _, before, _, _ = await pipe.execute()
            if int(before) >= self.per_window:
                await redis.zrem(key, member)  # a refused message does not count
                return False
            return True
        except Exception as exc:  # noqa: BLE001 - redis raises many kinds; the tenant is answered anyway
            _unavailable("rate_limit", exc)
            return True


class RedisNewSenderLimit:
    def __init__(self, state: RedisState, per_minute: int) -> None:
        self._state, self.per_minute = state, per_minute

    async def allow(self, address: str, sender: str) -> bool:
        if self.per_minute <= 0:
            return True
        known = _key("known", sender)
        counter = _key("new", f"{address}:{int(time.time() // 60)}")
        try:
            redis = self._state.client()
            if not await redis.set(known, b"1", nx=True, ex=int(MemoryNewSenderLimit.KNOWN_SECONDS)):
                return True
            async with redis.pipeline(transaction=True) as pipe:
                pipe.incr(counter)
                pipe.expire(counter, 120)
                count, _ = await pipe.execute()
            if int(count) > self.per_minute:
                await redis.delete(known)
                return False
            return True
        except Exception as exc:  # noqa: BLE001
            _unavailable("new_sender_limit", exc)
            return True


class RedisSeenMessages:
    def __init__(self, state: RedisState, channel: str, keep_seconds: float = SEEN_SECONDS) -> None:
        self._state, self._channel, self._keep = state, channel, int(keep_seconds)

    async def first_time(self, message_id: str) -> bool:
        try:
            return bool(await self._state.client().set(_key(f"seen:{self._channel}", message_id), b"1", nx=True,
                                                       ex=self._keep))
        except Exception as exc:  # noqa: BLE001
            _unavailable("seen_messages", exc)
            return True


class RedisChoices:
    def __init__(self, state: RedisState, keep_seconds: float = CHOICES_SECONDS) -> None:
        self._state, self._keep = state, int(keep_seconds)

    async def put(self, key: str, choices: List[Dict[str, Any]]) -> None:
        try:
            await self._state.client().set(_key("choices", key), json.dumps(choices), ex=self._keep)
        except Exception as exc:  # noqa: BLE001
            _unavailable("choices", exc)

    async def pop(self, key: str) -> List[Dict[str, Any]]:
        try:
            raw = await self._state.client().getdel(_key("choices", key))
        except Exception as exc:  # noqa: BLE001
            _unavailable("choices", exc)
            return []
        try:
            found = json.loads(raw) if raw else []
        except ValueError:
            return []
        return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


# ---- chosen by the settings ---------------------------------------------------------------

_redis: Optional[RedisState] = None
_limit: Optional[SenderLimit] = None
_new_limit: Optional[NewSenderLimit] = None


def _redis_state() -> Optional[RedisState]:
    global _redis
    from huurwijzer.settings import get_settings

    url = get_settings().redis_url
    if not url:
        return None
    if _redis is None or _redis.url != url:
        _redis = RedisState(url)
    return _redis


def sender_limit() -> SenderLimit:
    """HUURWIJZER_RATE_LIMIT messages per sender per 10 seconds (default 20; 0 = off)."""
    global _limit
    if _limit is None:
        from huurwijzer.settings import get_settings

        get_settings()  # loads .env
        per_window = int(os.environ.get("HUURWIJZER_RATE_LIMIT") or 20)
        state = _redis_state()
        _limit = RedisSenderLimit(state, per_window) if state else MemorySenderLimit(per_window)
    return _limit


def new_sender_limit() -> NewSenderLimit:
    """HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE new conversations per client address per minute
    (default 60; 0 = off), over every channel a client can choose its own sender id on."""
    global _new_limit
    if _new_limit is None:
        from huurwijzer.settings import get_settings

        get_settings()  # loads .env
        per_minute = int(os.environ.get("HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE") or 60)
        state = _redis_state()
        _new_limit = RedisNewSenderLimit(state, per_minute) if state else MemoryNewSenderLimit(per_minute)
    return _new_limit


def seen_messages(channel: str) -> SeenMessages:
    state = _redis_state()
    return RedisSeenMessages(state, channel) if state else MemorySeenMessages()


def choices() -> Choices:
    state = _redis_state()
    return RedisChoices(state) if state else MemoryChoices()
