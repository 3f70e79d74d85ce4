"""Timeouts for PostgreSQL, for the tracker store (bot/tracker_store.py) and the tenancy database
(huurwijzer/tenancy/database.py): a database that hangs instead of going down (a stalled network
path, a server that accepts and answers nothing) becomes a store error after
HUURWIJZER_DB_CONNECT_TIMEOUT / HUURWIJZER_DB_STATEMENT_TIMEOUT seconds, which the callers already
turn into the apology. Without them the synchronous calls wait for ever (the tracker store's in a
worker thread of the Rasa server, bot/tracker_store.py: that tenant's turn and its lock hang).

libpq's own `connect_timeout` covers only a blocking connect, and the server's `statement_timeout`
only a statement that reached the server; a socket that never answers is bounded here by
psycopg2's wait callback, which waits on the socket with a limit and gives up when nothing comes
(psycopg2 then closes the connection, and SQLAlchemy drops it from its pool)."""

from __future__ import annotations

import select
from typing import Any, Dict

from huurwijzer.settings import get_settings

_installed = False


def _wait_with_limits(connection: Any) -> None:
    """psycopg2's wait callback: the connection's next step, waiting at most the limit for its socket."""
    from psycopg2 import OperationalError, extensions

    settings = get_settings()
    # The callback is the process's; engines built without engine_kwargs (a batch job's own
    # engine for the tracker store) wait as long as their statements take.
    limited = "connect_timeout=" in (connection.dsn or "")
    while True:
        state = connection.poll()
        if state == extensions.POLL_OK:
            return
        ready = connection.status in (extensions.STATUS_READY, extensions.STATUS_BEGIN, extensions.STATUS_PREPARED)
        limit = (settings.db_statement_timeout if ready else settings.db_connect_timeout) if limited else None
        waiting = select.poll()
        if state == extensions.POLL_READ:
            waiting.register(connection.fileno(), select.POLLIN)
        elif state == extensions.POLL_WRITE:
            waiting.register(connection.fileno(), select.POLLOUT)
        else:
            raise OperationalError(f"unexpected poll state {state}")
        if not waiting.poll(None if limit is None else limit * 1000):
            phase = "statement" if ready else "connect"
            raise OperationalError(f"could not receive data from server: {phase} timeout after {limit} s")


def engine_kwargs(url: str, **kwargs: Any) -> Dict[str, Any]:
    """`kwargs` for create_engine with the timeouts added for a PostgreSQL `url` (other databases:
    unchanged). Installs the wait callback in this process once."""
    global _installed
    if not str(url).startswith("postgresql"):
        return dict(kwargs)
    from psycopg2 import extensions

    if not _installed:
        extensions.set_wait_callback(_wait_with_limits)
        _installed = True
    settings = get_settings()
    connect_args = dict(kwargs.get("connect_args") or {})
    options = " ".join(filter(None, (connect_args.get("options"),
                                     f"-c statement_timeout={int(settings.db_statement_timeout * 1000)}")))
    # libpq wants whole seconds, at least 2.
    connect_args.update(connect_timeout=max(2, int(round(settings.db_connect_timeout))), options=options)
    return {**kwargs, "connect_args": connect_args}
