"""What every page of one console app shares: its configuration, its database, the trainer, the
corporation's time zone and clock. `create_app` builds them once; the blueprints reach them
through the app that handles the request."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterator, Optional, cast
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from console.config import ConsoleConfig
from console.training import Trainer

EXTENSION = "huurwijzer_console"


@dataclass(frozen=True)
class Services:
    config: ConsoleConfig
    engine: Engine
    trainer: Trainer
    zone: ZoneInfo
    clock: Callable[[], datetime]


def services() -> Services:
    return cast(Services, current_app.extensions[EXTENSION])


def unit() -> Session:
    """A database session for one unit of work; the caller owns it."""
    return Session(services().engine, future=True)


def now() -> datetime:
    return services().clock()


def knowledge_dir() -> Path:
    return services().config.knowledge_dir


@contextmanager
def tracker() -> Iterator[Optional[Connection]]:
    """Rasa's tracker store, read-only for the reports; None while the assistant has stored nothing."""
    url = services().config.tracker_url
    if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).exists():
        yield None
        return
    tracker_engine = create_engine(url, future=True)
    try:
        with tracker_engine.connect() as conn:
            yield conn
    finally:
        tracker_engine.dispose()
