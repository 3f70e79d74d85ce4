"""The staff console's web app (Flask): `create_app` sets up one app from its configuration and
registers the page families (console/views/). Every page needs a login; roles decide what a user
may do (console/permissions.py)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Callable
from zoneinfo import ZoneInfo

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import create_engine

from bot.cli import model_path
from console import accounts, page_setup, store
from console import tenants as _tenants  # noqa: F401 - its view log is one of the console's tables
from console.accounts import hash_password, password_problem
from console.config import ConsoleConfig, random_secret
from console.services import EXTENSION, Services
from console.training import Trainer
from console.views import BLUEPRINTS


def create_app(config: ConsoleConfig, now: Callable[[], datetime] = datetime.now) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        PERMANENT_SESSION_LIFETIME=timedelta(minutes=config.session_minutes),
        SESSION_REFRESH_EACH_REQUEST=True,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_COOKIE_NAME="huurwijzer_beheer",
        REMEMBER_COOKIE_DURATION=timedelta(seconds=0),
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session, which expires itself
        MAX_CONTENT_LENGTH=512 * 1024,
        KNOWLEDGE_DIR=str(config.knowledge_dir),
    )
    CSRFProtect(app)
    if config.proxies > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxies, x_proto=config.proxies)  # type: ignore[method-assign]
    engine = create_engine(config.database_url, future=True, pool_pre_ping=True)
    store.create_tables(engine)
    trainer = Trainer(config.root, config.model_file or model_path(), config.rasa_url)
    app.extensions[EXTENSION] = Services(config, engine, trainer, ZoneInfo(config.timezone), now)
    accounts.install(app)
    page_setup.install(app)
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    return app


__all__ = ["ConsoleConfig", "create_app", "hash_password", "password_problem", "random_secret"]
