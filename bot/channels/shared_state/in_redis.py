"""Shared channel state for several servers: in Redis, under hashed keys. Every call fails open
(see the package's docstring) and waits at most REDIS_TIMEOUT seconds."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import time
import uuid
from typing import Any, Dict, List

from bot.channels.shared_state.kinds import CHOICES_SECONDS, KNOWN_SECONDS, SEEN_SECONDS, WINDOW_SECONDS

logger = logging.getLogger(__name__)

REDIS_TIMEOUT = 0.5


def _key(kind: str, value: str) -> str:
    return f"hw:{kind}:" + hashlib.sha256(value.encode()).hexdigest()[:32]


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
            if not await redis.set(known, b"1", nx=True, ex=int(KNOWN_SECONDS)):
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
        return await self._read(key, remove=True)

    async def peek(self, key: str) -> List[Dict[str, Any]]:
        return await self._read(key, remove=False)

    async def _read(self, key: str, remove: bool) -> List[Dict[str, Any]]:
        try:
            client = self._state.client()
            raw = await (client.getdel if remove else client.get)(_key("choices", key))
        except Exception as exc:  # noqa: BLE001
            _unavailable("choices", exc)
            return []
        try:
            found = json.loads(raw) if raw else []
        except ValueError:
            return []
        return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []
