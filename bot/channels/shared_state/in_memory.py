"""Shared channel state for one server: in the Rasa server's memory."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from typing import Any, Callable, Deque, Dict, List

from bot.channels.shared_state.kinds import KNOWN_SECONDS, SEEN_SECONDS, WINDOW_SECONDS


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

    async def peek(self, key: str) -> List[Dict[str, Any]]:
        return list(self._choices.get(key, []))


class MemoryNewSenderLimit:
    """At most `per_minute` new conversations per client address per minute (0: no limit). A
    sender counts as known for KNOWN_SECONDS after its first message; a refused one stays new."""

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
            if seen is not None and now - seen < KNOWN_SECONDS:
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
