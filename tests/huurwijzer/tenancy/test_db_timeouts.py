"""A PostgreSQL that hangs (accepts connections, answers nothing) makes the tenancy engine fail
within the connect and statement timeouts instead of waiting for ever; when it answers again, the
next statement works."""

from __future__ import annotations

import threading
import time
from typing import Any, Dict, Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from huurwijzer.settings import get_settings
from huurwijzer.tenancy.database import engine_for
from huurwijzer.tenancy.db_timeouts import engine_kwargs
from tests.tcp_proxy import TcpProxy


@pytest.fixture()
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("HUURWIJZER_DB_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("HUURWIJZER_DB_STATEMENT_TIMEOUT", "1")
    get_settings.cache_clear()
    yield
    monkeypatch.undo()
    get_settings.cache_clear()


def _select_one(engine: Any) -> Dict[str, Any]:
    """SELECT 1 in a thread: its outcome and seconds, or 'hung' when it takes longer than 10 s."""
    outcome: Dict[str, Any] = {}

    def run() -> None:
        started = time.monotonic()
        try:
            with engine.connect() as connection:
                outcome["value"] = connection.execute(text("select 1")).scalar()
        except OperationalError as exc:
            outcome["error"] = exc
        outcome["seconds"] = time.monotonic() - started
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    assert not thread.is_alive(), "the statement hung"
    return outcome


def test_a_stalled_database_fails_within_the_timeouts_and_works_again(short_timeouts: None) -> None:
    proxy = TcpProxy(5432).start()
    url = f"postgresql+psycopg2://postgres@127.0.0.1:{proxy.port}/postgres"
    engine = engine_for(url)
    try:
        assert _select_one(engine)["value"] == 1  # a pooled connection, then the stall
        proxy.stall()
        stalled = _select_one(engine)
        # The pooled connection's check waits the statement timeout, a new connection the connect timeout.
        assert "error" in stalled and stalled["seconds"] < 3.5, stalled
        fresh = _select_one(create_engine(url, **engine_kwargs(url, future=True)))
        assert "error" in fresh and fresh["seconds"] < 2.0, fresh
        # The wait callback is the process's: an engine built without the timeouts (a batch job's
        # long statement) still waits as long as it takes.
        plain: Dict[str, Any] = {}
        waiting = threading.Thread(target=lambda: plain.update(_select_one(create_engine(url, future=True))),
                                   daemon=True)
        waiting.start()
        waiting.join(timeout=2.5)
        assert waiting.is_alive() and not plain
        proxy.resume()
        waiting.join(timeout=10)
        assert plain["value"] == 1
        assert _select_one(engine)["value"] == 1
    finally:
        proxy.resume()
        proxy.stop()
        engine.dispose()
        engine_for.cache_clear()
