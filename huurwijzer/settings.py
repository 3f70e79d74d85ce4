"""Settings from the environment (.env via python-dotenv; the real environment wins)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    timezone: str
    reload_interval_seconds: float
    tracker_db: Path  # SQLite file of Rasa's SQL tracker store
    database_url: str  # tenancy data; SQLite file in var/ unless HUURWIJZER_DATABASE_URL is set
    portal_secret: str  # shared HS256 secret of the tenant portal's tokens; empty: portal login off
    portal_audience: str
    redis_url: str  # lockout counters and channel state shared by several servers; empty: kept in memory
    tracker_url: str  # the conversation store as an SQLAlchemy URL, for staff reports and the AVG commands
    models_dir: Path  # what training makes (model, generated phrasings); Rasa servers load the model from here
    # Shared by the Rasa servers and the action servers: authenticates calls to the action server
    # and signs what a channel vouches for (a WhatsApp phone number, a web-chat session). Empty: the
    # action server does not start; bot.servers generates one for the servers it starts.
    action_secret: str = ""
    action_interface: str = "127.0.0.1"  # where the action server listens
    # PostgreSQL (tracker store and tenancy database): seconds to wait for a connection, and for the
    # server's answer to one statement, before the store counts as unavailable (huurwijzer/tenancy/db_timeouts.py).
    db_connect_timeout: float = 3.0
    db_statement_timeout: float = 5.0


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    from dotenv import load_dotenv

    load_dotenv(PROJECT_ROOT / ".env", override=False)
    return Settings(
        knowledge_dir=Path(os.environ.get("HUURWIJZER_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge"),
        timezone=os.environ.get("HUURWIJZER_TIMEZONE") or "Europe/Amsterdam",
        reload_interval_seconds=float(os.environ.get("HUURWIJZER_RELOAD_SECONDS") or "1"),
        tracker_db=Path(os.environ.get("HUURWIJZER_TRACKER_DB") or PROJECT_ROOT / "var" / "tracker.db"),
        database_url=os.environ.get("HUURWIJZER_DATABASE_URL") or f"sqlite:///{PROJECT_ROOT / 'var' / 'tenancy.db'}",
        portal_secret=os.environ.get("HUURWIJZER_PORTAL_SECRET") or "",
        portal_audience=os.environ.get("HUURWIJZER_PORTAL_AUDIENCE") or "huurwijzer",
        redis_url=os.environ.get("HUURWIJZER_REDIS_URL") or "",
        tracker_url=_tracker_url(),
        models_dir=Path(os.environ.get("HUURWIJZER_MODELS_DIR") or PROJECT_ROOT / "models"),
        action_secret=os.environ.get("HUURWIJZER_ACTION_SECRET") or "",
        action_interface=os.environ.get("HUURWIJZER_ACTION_INTERFACE") or "127.0.0.1",
        db_connect_timeout=float(os.environ.get("HUURWIJZER_DB_CONNECT_TIMEOUT") or "3"),
        db_statement_timeout=float(os.environ.get("HUURWIJZER_DB_STATEMENT_TIMEOUT") or "5"),
    )


def _tracker_url() -> str:
    """Where the Rasa server keeps conversations: PostgreSQL with the production endpoints, else
    the SQLite file."""
    if "production" in (os.environ.get("HUURWIJZER_ENDPOINTS") or ""):
        from sqlalchemy.engine import URL

        env = os.environ.get
        return str(URL.create("postgresql+psycopg2", username=env("HUURWIJZER_TRACKER_PG_USER") or None,
                          password=env("HUURWIJZER_TRACKER_PG_PASSWORD") or None,
                          host=env("HUURWIJZER_TRACKER_PG_HOST") or "127.0.0.1",
                          port=int(env("HUURWIJZER_TRACKER_PG_PORT") or 5432),
                          database=env("HUURWIJZER_TRACKER_PG_DB") or "huurwijzer").render_as_string(
                              hide_password=False))
    tracker_db = os.environ.get("HUURWIJZER_TRACKER_DB") or PROJECT_ROOT / "var" / "tracker.db"
    return f"sqlite:///{tracker_db}"
