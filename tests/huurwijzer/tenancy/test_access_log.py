"""The console's access log (which staff member opened which tenant's page) under the privacy commands:
erasing a tenant keeps it, the retention command removes entries older than its own period."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, insert, inspect, select
from sqlalchemy.engine import Engine

from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.seed import seed

# Declared here by its table name, as a deployment's database holds it, so the test reads the rows
# whichever module declares the table.
LOG = Table("console_tenant_views", MetaData(), Column("id", Integer, primary_key=True),
            Column("username", String(80)), Column("tenant_id", Integer), Column("viewed_at", DateTime))
TODAY = datetime.now(timezone.utc).replace(tzinfo=None)


@pytest.fixture()
def state(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'state.db'}", future=True)
    seed(engine, TODAY.date())
    LOG.metadata.create_all(engine)
    with engine.begin() as conn:
        for username, tenant, days in (("eva", 1, 800), ("rob", 1, 10), ("eva", 2, 800)):
            when = TODAY - timedelta(days=days)
            conn.execute(insert(LOG).values(username=username, tenant_id=tenant, viewed_at=when))
    return engine


def entries(engine: Engine) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        return sorted((row.username, row.tenant_id) for row in conn.execute(select(LOG.c.username, LOG.c.tenant_id)))


def urls(tmp_path: Path, state: Engine) -> list[str]:
    return ["--gesprekken", f"sqlite:///{tmp_path / 'tracker.db'}", "--huurdata", str(state.url)]


def test_the_state_tables_include_the_access_log(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    ensure_state_tables(engine)
    assert inspect(engine).has_table("console_tenant_views")


def test_retention_removes_access_log_entries_older_than_their_own_period(
        state: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.avg import main

    monkeypatch.delenv("HUURWIJZER_ACCESS_LOG_DAYS", raising=False)
    assert main([*urls(tmp_path, state), "bewaartermijn", "--dagen", "365"]) == 0
    assert entries(state) == [("rob", 1)]  # 800 days is past the default 730; 10 days is not
    assert "2 regel(s) van het toegangslog ouder dan 730 dagen" in capsys.readouterr().out


def test_erasing_a_tenant_keeps_who_viewed_their_page(state: Engine, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    from bot.avg import main

    assert main([*urls(tmp_path, state), "vergeet", "--huurder", "1"]) == 0
    assert entries(state) == [("eva", 1), ("eva", 2), ("rob", 1)]
    assert "toegangslog" in capsys.readouterr().out
