"""Per-sender rate limit for the channels: a person types a few messages a minute; a script
that sends many per second gets a polite refusal and the server keeps serving everyone else.

In memory per Rasa process; with several instances behind a load balancer each one counts its
own share (docs/notes.md: move to Redis when that matters).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from typing import Callable, Deque, Dict, Optional

WINDOW_SECONDS = 10.0


class SenderLimit:
    def __init__(self, per_window: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_window = per_window
        self._clock = clock
        self._seen: Dict[str, Deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, sender: str) -> bool:
        if self.per_window <= 0:  # 0 switches the limit off (benchmarks)
            return True
        now = self._clock()
        with self._lock:
            recent = self._seen.setdefault(sender, deque())
            while recent and now - recent[0] >= WINDOW_SECONDS:
                recent.popleft()
            if len(recent) >= self.per_window:
                return False
            recent.append(now)
            if len(self._seen) > 100_000:  # forget idle senders
                for key in [k for k, v in self._seen.items() if not v or now - v[-1] >= WINDOW_SECONDS]:
                    del self._seen[key]
            return True


_limit: Optional[SenderLimit] = None


def sender_limit() -> SenderLimit:
    """HUURWIJZER_RATE_LIMIT messages per sender per 10 seconds (default 20; 0 = off)."""
    global _limit
    if _limit is None:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        _limit = SenderLimit(int(os.environ.get("HUURWIJZER_RATE_LIMIT") or 20))
    return _limit
