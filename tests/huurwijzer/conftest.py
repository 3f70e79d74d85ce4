"""A seeded tenancy database on SQLite and on the PostgreSQL server at 127.0.0.1:5432."""

from __future__ import annotations

from datetime import date
from typing import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from bot.servers import POSTGRES, scratch_postgres
from huurwijzer.conversation import kernel
from huurwijzer.tenancy.seed import seed

TODAY = date(2026, 11, 22)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'tenancy.db'}", future=True)
        seed(engine, TODAY)
        yield engine
        engine.dispose()
        return
    with scratch_postgres("huurwijzer_test") as name:
        engine = create_engine(f"{POSTGRES}/{name}", future=True)
        try:
            seed(engine, TODAY)
            yield engine
        finally:
            engine.dispose()




@pytest.fixture(scope="module")
def flows_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A demo database seeded for the fixed clock of tests/huurwijzer/support.py."""
    from tests.huurwijzer.support import NOW

    engine = create_engine(f"sqlite:///{tmp_path_factory.mktemp('flows') / 'tenancy.db'}", future=True)
    seed(engine, NOW.date())
    yield engine
    engine.dispose()


@pytest.fixture()
def svc(engine: Engine) -> kernel.Services:
    from tests.huurwijzer.support import services

    return services(engine)
