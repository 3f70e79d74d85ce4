"""Three failed verification attempts lock verification for 15 minutes, per conversation and per
contract (counted from the last failure). In memory for one process; Redis when several
instances share the load."""

from __future__ import annotations

import hashlib
import threading
import time
from typing import Callable, Dict, List, Optional, Protocol

MAX_ATTEMPTS = 3
LOCK_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    # Keys are hashed so contract numbers and sender ids do not sit in Redis in clear.
    return "hw:lock:" + kind + ":" + hashlib.sha256(value.encode()).hexdigest()[:32]


class LockoutStore(Protocol):
    def failures(self, key: str) -> int: ...
    def add_failure(self, key: str) -> None: ...
    def clear(self, key: str) -> None: ...


class MemoryLockoutStore:
    def __init__(self, clock: Optional[Callable[[], float]] = None) -> None:
        self._clock = clock or time.monotonic
        self._lock = threading.Lock()
        self._failures: Dict[str, List[float]] = {}

    def _recent(self, key: str) -> List[float]:
        now = self._clock()
        recent = [t for t in self._failures.get(key, []) if now - t < LOCK_SECONDS]
        self._failures[key] = recent
        return recent

    def failures(self, key: str) -> int:
        with self._lock:
            return len(self._recent(key))

    def add_failure(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(self._clock())

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)


class RedisLockoutStore:
    def __init__(self, url: str) -> None:
        import redis

        # Fails within a second when Redis is away: the verification then pauses (conversation.kernel.paused).
        self._redis = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)

    def failures(self, key: str) -> int:
        return int(self._redis.get(key) or 0)

    def add_failure(self, key: str) -> None:
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, LOCK_SECONDS)  # the lock lasts 15 minutes after the last failure
        pipe.execute()

    def clear(self, key: str) -> None:
        self._redis.delete(key)


class Lockout:
    def __init__(self, store: LockoutStore) -> None:
        self._store = store

    def is_locked(self, conversation_id: str, contract_number: str | None) -> bool:
        keys = [_key("conversation", conversation_id)]
        if contract_number:
            keys.append(_key("contract", contract_number))
        return any(self._store.failures(k) >= MAX_ATTEMPTS for k in keys)

    def record_failure(self, conversation_id: str, contract_number: str | None) -> None:
        self._store.add_failure(_key("conversation", conversation_id))
        if contract_number:
            self._store.add_failure(_key("contract", contract_number))

    def record_success(self, conversation_id: str, contract_number: str) -> None:
        self._store.clear(_key("conversation", conversation_id))
        self._store.clear(_key("contract", contract_number))
