"""What a console instance is started with (python -m console reads it from the environment)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Optional


@dataclass(frozen=True)
class ConsoleConfig:
    database_url: str
    tracker_url: str
    knowledge_dir: Path
    root: Path
    secret_key: str
    session_minutes: int = 30
    secure_cookies: bool = False
    model_file: Optional[Path] = None  # the model training writes; default bot.cli.model_path()
    rasa_url: str = ""  # a Rasa server, to show when it runs a newly trained model
    timezone: str = "Europe/Amsterdam"  # the corporation's days, for the dashboard
    # Reverse proxies in front of the console that set X-Forwarded-For (and -Proto): the failed-login
    # limit then counts per real client instead of locking everyone behind the proxy. 0: none.
    proxies: int = 0


def random_secret() -> str:
    return secrets.token_urlsafe(32)
