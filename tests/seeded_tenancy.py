"""The demo tenancy database the live tests run their servers on: an SQLite file in the test's
folder, seeded for today (huurwijzer.tenancy.seed), with the engine the test reads it back through."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Dict, Iterator

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from huurwijzer.tenancy.seed import seed


@dataclass(frozen=True)
class SeededTenancy:
    url: str
    engine: Engine

    @property
    def env(self) -> Dict[str, str]:
        """The servers' environment that points them at this database."""
        return {"HUURWIJZER_DATABASE_URL": self.url}


@contextmanager
def seeded_tenancy(folder: Path) -> Iterator[SeededTenancy]:
    """`folder`/tenancy.db with the demo tenants, contracts and repairs; the engine is disposed after."""
    url = f"sqlite:///{folder / 'tenancy.db'}"
    engine = create_engine(url, future=True)
    try:
        seed(engine, date.today())
        yield SeededTenancy(url, engine)
    finally:
        engine.dispose()
