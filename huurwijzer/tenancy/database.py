"""Database URL and engines, built lazily (importing this module connects to nothing)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine

from huurwijzer.settings import get_settings
from huurwijzer.tenancy.db_timeouts import engine_kwargs


def database_url() -> str:
    """HUURWIJZER_DATABASE_URL (PostgreSQL in production), else an SQLite file in var/."""
    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    return url


@lru_cache(maxsize=4)
def engine_for(url: str) -> Engine:
    engine = create_engine(url, **engine_kwargs(url, future=True, pool_pre_ping=True))
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _foreign_keys(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.execute("PRAGMA foreign_keys=ON")
    return engine


@lru_cache(maxsize=4)
def ensure_state_tables(engine: Engine) -> None:
    """The assistant's own tables (verification, outbox, web-chat feedback), created once if missing."""
    from huurwijzer.tenancy.access_log import tenant_views
    from huurwijzer.tenancy.answer_feedback import answer_feedback
    from huurwijzer.tenancy.feedback_texts import TABLES as FEEDBACK_TEXT_TABLES
    from huurwijzer.tenancy.schema import STATE_TABLES, metadata
    from huurwijzer.tenancy.tenant_language import tenant_languages
    from huurwijzer.tenancy.verification import ended_portal_tokens, portal_logins

    # State with one owner is declared by its owner, on the same metadata.
    metadata.create_all(engine, tables=[*STATE_TABLES, ended_portal_tokens, portal_logins, answer_feedback,
                                             tenant_languages, tenant_views, *FEEDBACK_TEXT_TABLES])
