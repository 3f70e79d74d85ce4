"""Values derived from files that are rebuilt when the files change.

Staff edit answer texts and the corporation profile while the assistant runs; a change must go
live within seconds without a restart, so every read checks modification times (at most once per
interval, to keep the hot path cheap).
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path
from typing import Callable, Generic, Iterable, Optional, Tuple, TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
Stamp = Tuple[Tuple[str, int, int], ...]


def _stamp(paths: Iterable[Path]) -> Stamp:
    out = []
    for path in sorted(paths):
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        out.append((str(path), st.st_mtime_ns, st.st_size))
    return tuple(out)


class FileBacked(Generic[T]):
    """Holds `build()` and rebuilds it when any file listed by `files()` changes."""

    def __init__(
        self,
        files: Callable[[], Iterable[Path]],
        build: Callable[[], T],
        interval_seconds: float,
    ) -> None:
        self._files = files
        self._build = build
        self._interval = interval_seconds
        self._lock = threading.Lock()
        self._value: Optional[T] = None
        self._stamp: Optional[Stamp] = None
        self._checked_at = 0.0

    def get(self) -> T:
        now = time.monotonic()
        if self._value is not None and now - self._checked_at < self._interval:
            return self._value
        with self._lock:
            stamp = _stamp(self._files())
            if self._value is None or stamp != self._stamp:
                try:
                    self._value = self._build()
                except Exception:
                    # A half-saved or broken file must not take the assistant down: keep
                    # answering with the last good version until the file is fixed.
                    if self._value is None:
                        raise
                    logger.exception("Reload failed; keeping the previous version")
                self._stamp = stamp
            self._checked_at = time.monotonic()
            return self._value
