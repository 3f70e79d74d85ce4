"""The conversation stores failing: the tracker store database raises instead of carrying on with
an empty conversation, and the log names which store failed (never the contents)."""

from __future__ import annotations

import logging
from typing import Any

logger = logging.getLogger(__name__)


class TrackerStoreUnavailable(Exception):
    """The tracker store database failed. Rasa would carry on with an empty in-memory conversation
    (the tenant loses the thread, e.g. halfway through verification, and turns are lost when the
    database returns); we answer with the apology instead and keep the stored conversation intact."""


def raise_store_error(self: Any, error: Exception) -> None:
    # The error's own text holds the SQL parameters (conversation contents): log only its class.
    raise TrackerStoreUnavailable(error.__class__.__name__) from error


def failed_store(exc: BaseException) -> str:
    """Which conversation store an exception from handling a message points at, for the log."""
    from rasa.core.lock_store import LockError

    chain = [exc, *([exc.__cause__] if exc.__cause__ else []), *([exc.__context__] if exc.__context__ else [])]
    modules = " ".join(e.__class__.__module__ for e in chain)
    if isinstance(exc, LockError) or "redis" in modules:
        return "lock store (Redis)"
    if isinstance(exc, TrackerStoreUnavailable) or any(db in modules for db in ("sqlalchemy", "psycopg2", "sqlite3")):
        return "tracker store (database)"
    return "message handling"


def log_not_stored(exc: BaseException) -> None:
    cause = exc.__cause__ or exc.__context__ or exc
    logger.error("conversation.store_unavailable store=%s error=%s: the message was answered with the apology "
                 "and not stored", failed_store(exc), cause.__class__.__name__)


def install() -> None:
    from rasa.core.tracker_store import FailSafeTrackerStore

    FailSafeTrackerStore.on_tracker_store_error = raise_store_error  # type: ignore[method-assign]
    FailSafeTrackerStore.on_tracker_store_retrieve_error = raise_store_error  # type: ignore[method-assign]
