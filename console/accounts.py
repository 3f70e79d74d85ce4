"""Staff accounts and their sessions: password hashes, the session a login starts, and Flask-Login
set up to find the logged-in user (or refuse) on every request."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache
from typing import Any, Optional, cast
from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, request, url_for
from flask_login import LoginManager, UserMixin, current_user
from werkzeug.security import generate_password_hash

from console import store
from console.services import now, services, unit


class LoggedIn(UserMixin):  # type: ignore[misc,untyped-decorator]
    """The session holds the user id, a fingerprint of the password hash and a random token that
    the server keeps (store.staff_sessions): a changed password (or a removed account) ends every
    other session of that account at its next request, logging out ends this one on the server."""

    def __init__(self, user: store.StaffUser, token: str) -> None:
        self.user = user
        self.token = token
        self.id = f"{session_id(user)}-{token}"


def session_id(user: store.StaffUser) -> str:
    return f"{user.id}-{hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]}"


def logged_in() -> LoggedIn:
    return cast(LoggedIn, current_user)


def me() -> store.StaffUser:
    return logged_in().user


def safe_next(target: str) -> Optional[str]:
    """A path on this site to go on to after logging in, or None. Browsers drop tabs and line
    breaks and read a backslash as a slash, so "/%09/evil.example" would leave the site."""
    if not target.startswith("/") or any(c < " " or c in "\\\x7f" for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//"):
        return None
    return target


def hash_password(password: str) -> str:
    # werkzeug's default is scrypt: a memory-hard, modern password hash.
    return generate_password_hash(password)


@lru_cache(maxsize=1)
def unknown_user_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def password_problem(password: str) -> Optional[str]:
    if len(password) < 12:
        return "Kies een wachtwoord van minstens 12 tekens."
    return None


def new_session(user: store.StaffUser) -> LoggedIn:
    token = secrets.token_urlsafe(24)
    moment = now()
    with unit() as s, s.begin():
        store.end_sessions_before(s, moment - timedelta(minutes=services().config.session_minutes))
        store.start_session(s, user.id, token, moment)
    return LoggedIn(user, token)


def load_user(user_id: str) -> Optional[LoggedIn]:
    number, _, rest = user_id.partition("-")
    fingerprint, _, token = rest.partition("-")
    if not number.isdigit() or not token:
        return None
    idle = timedelta(minutes=services().config.session_minutes)
    with unit() as s, s.begin():
        user = store.user_by_id(s, int(number))
        if user is None or not secrets.compare_digest(session_id(user), f"{number}-{fingerprint}"):
            return None
        if not store.session_alive(s, user.id, token, now(), idle):
            return None
    return LoggedIn(user, token)


def unauthorized() -> Any:
    if request.path.startswith("/api/") or request.path.endswith(".csv"):
        return jsonify(fout="Log eerst in."), 401
    return redirect(url_for("auth.login", volgende=request.path))


def install(app: Flask) -> None:
    logins = LoginManager(app)
    logins.login_view = "auth.login"
    logins.login_message = "Log eerst in."
    logins.session_protection = "strong"
    logins.user_loader(load_user)
    logins.unauthorized_handler(unauthorized)
