"""The console's own tables: staff accounts, failed logins, and every version of every knowledge
entry, repair object and profile change (who, when, what), plus handled inbox groups and
training runs. Lives in the assistant's database (HUURWIJZER_DATABASE_URL: SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Dict, List, Mapping, Optional, Tuple

from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

ROLES = ("editor", "reviewer", "admin")
KINDS = ("entry", "repair", "profile", "kort", "engels", "niet-van-ons")
# Version states. A key's live version is its newest published or retired one; a newer draft or
# review version is work in progress beside it.
STATES = ("draft", "review", "published", "retired")

metadata = MetaData()

staff_users = Table(
    "console_users", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", String(255), nullable=False),
    Column("role", String(20), nullable=False),
    Column("created_at", DateTime, nullable=False),
)

failed_logins = Table(
    "console_failed_logins", metadata,
    Column("id", Integer, primary_key=True),
    Column("client", String(80), nullable=False, index=True),  # remote address
    Column("username", String(80), nullable=False, index=True),
    Column("at", DateTime, nullable=False),
)

# One row per logged-in browser session: logging out deletes it, so a copied cookie stops working.
# Only a hash of the session's random token is kept.
staff_sessions = Table(
    "console_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False, index=True),
    Column("last_seen", DateTime, nullable=False),
)

versions = Table(
    "console_versions", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("key", String(120), nullable=False),
    Column("state", String(20), nullable=False),
    Column("data", Text, nullable=False),  # JSON of the whole entry / repair object / profile fields
    Column("author", String(80), nullable=False),
    Column("note", String(200), nullable=False, default=""),
    Column("created_at", DateTime, nullable=False),
)

handled_groups = Table(
    "console_handled_groups", metadata,
    Column("group_key", String(300), primary_key=True),
    Column("handled_by", String(80), nullable=False),
    Column("handled_at", DateTime, nullable=False),
    Column("outcome", String(200), nullable=False),
)


@dataclass(frozen=True)
class StaffUser:
    id: int
    username: str
    role: str
    password_hash: str

    def may(self, needed: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(needed)


@dataclass(frozen=True)
class Version:
    id: int
    kind: str
    key: str
    state: str
    data: Mapping[str, Any]
    author: str
    note: str
    created_at: datetime


@dataclass(frozen=True)
class Document:
    """One entry, repair object or the profile: what is live and what is being worked on."""
    kind: str
    key: str
    live: Optional[Version]
    work: Optional[Version]  # newer draft or review version, if any

    @property
    def current(self) -> Version:
        version = self.work or self.live
        assert version is not None
        return version

    @property
    def status(self) -> str:
        return self.current.state


def create_tables(engine: Engine) -> None:
    metadata.create_all(engine)


def _user(row: Any) -> StaffUser:
    return StaffUser(row.id, row.username, row.role, row.password_hash)


def add_user(session: Session, username: str, password_hash: str, role: str, now: datetime) -> StaffUser:
    if role not in ROLES:
        raise ValueError(f"onbekende rol {role}; kies uit {', '.join(ROLES)}")
    new_id = session.execute(insert(staff_users).values(
        username=username, password_hash=password_hash, role=role, created_at=now)).inserted_primary_key[0]
    return StaffUser(int(new_id), username, role, password_hash)


def user_by_name(session: Session, username: str) -> Optional[StaffUser]:
    row = session.execute(select(staff_users).where(staff_users.c.username == username)).first()
    return _user(row) if row else None


def user_by_id(session: Session, user_id: int) -> Optional[StaffUser]:
    row = session.execute(select(staff_users).where(staff_users.c.id == user_id)).first()
    return _user(row) if row else None


def all_users(session: Session) -> List[StaffUser]:
    return [_user(r) for r in session.execute(select(staff_users).order_by(staff_users.c.username))]


def set_password(session: Session, user_id: int, password_hash: str) -> None:
    session.execute(update(staff_users).where(staff_users.c.id == user_id).values(password_hash=password_hash))


def remove_user(session: Session, user_id: int) -> None:
    # Versions keep the author's name as text: the history stays readable after an account goes.
    session.execute(delete(staff_users).where(staff_users.c.id == user_id))


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user_id: int, token: str, now: datetime) -> None:
    session.execute(insert(staff_sessions).values(token_hash=_token_hash(token), user_id=user_id, last_seen=now))


def session_alive(session: Session, user_id: int, token: str, now: datetime, idle: timedelta) -> bool:
    """The session exists and was used within `idle`; its last use moves on (at most once a minute)."""
    row = session.execute(select(staff_sessions).where(staff_sessions.c.token_hash == _token_hash(token))).first()
    if row is None or row.user_id != user_id or row.last_seen < now - idle:
        return False
    if row.last_seen < now - timedelta(minutes=1):
        session.execute(update(staff_sessions).where(staff_sessions.c.token_hash == row.token_hash)
                        .values(last_seen=now))
    return True


def end_session(session: Session, token: str) -> None:
    session.execute(delete(staff_sessions).where(staff_sessions.c.token_hash == _token_hash(token)))


def end_sessions_before(session: Session, moment: datetime) -> None:
    session.execute(delete(staff_sessions).where(staff_sessions.c.last_seen < moment))


def count_admins(session: Session) -> int:
    return int(session.execute(select(func.count()).select_from(staff_users)
                               .where(staff_users.c.role == "admin")).scalar_one())


def record_failed_login(session: Session, client: str, username: str, now: datetime) -> None:
    session.execute(insert(failed_logins).values(client=client[:80], username=username[:80], at=now))


def recent_failures(session: Session, client: str, username: str, since: datetime) -> Tuple[int, int]:
    """Failed logins since `since` from this client, and for this user name."""
    base = select(func.count()).select_from(failed_logins).where(failed_logins.c.at >= since)
    by_client = session.execute(base.where(failed_logins.c.client == client[:80])).scalar_one()
    by_name = session.execute(base.where(failed_logins.c.username == username[:80])).scalar_one()
    return int(by_client), int(by_name)


def forget_failures(session: Session, username: str, older_than: datetime) -> None:
    session.execute(delete(failed_logins).where(
        (failed_logins.c.username == username[:80]) | (failed_logins.c.at < older_than)))


def _version(row: Any) -> Version:
    return Version(row.id, row.kind, row.key, row.state, json.loads(row.data), row.author, row.note or "",
                   row.created_at)


def add_version(session: Session, kind: str, key: str, state: str, data: Mapping[str, Any], author: str,
                now: datetime, note: str = "") -> Version:
    if kind not in KINDS or state not in STATES:
        raise ValueError(f"{kind}/{state}")
    payload = json.dumps(dict(data), ensure_ascii=False)
    new_id = session.execute(insert(versions).values(
        kind=kind, key=key, state=state, data=payload, author=author, note=note[:200],
        created_at=now)).inserted_primary_key[0]
    return Version(int(new_id), kind, key, state, dict(data), author, note[:200], now)


def history(session: Session, kind: str, key: str) -> List[Version]:
    rows = session.execute(select(versions).where(versions.c.kind == kind, versions.c.key == key)
                           .order_by(versions.c.id.desc()))
    return [_version(r) for r in rows]


def version_by_id(session: Session, version_id: int) -> Optional[Version]:
    row = session.execute(select(versions).where(versions.c.id == version_id)).first()
    return _version(row) if row else None


def documents(session: Session, kind: str) -> Dict[str, Document]:
    """Every key of a kind with its live and work-in-progress version, in one query, in the order
    the keys first appeared (the repair list's order matters: the file keeps it)."""
    found: Dict[str, Tuple[Optional[Version], Optional[Version]]] = {}
    rows = session.execute(select(versions).where(versions.c.kind == kind).order_by(versions.c.id))
    for row in rows:
        version = _version(row)
        live, _ = found.get(version.key, (None, None))
        if version.state in ("published", "retired"):
            found[version.key] = (version, None)
        else:
            found[version.key] = (live, version)
    return {key: Document(kind, key, live, work) for key, (live, work) in found.items()}


def document(session: Session, kind: str, key: str) -> Optional[Document]:
    live: Optional[Version] = None
    work: Optional[Version] = None
    for version in reversed(history(session, kind, key)):
        if version.state in ("published", "retired"):
            live, work = version, None
        else:
            work = version
    return Document(kind, key, live, work) if (live or work) else None


def mark_handled(session: Session, group_key: str, user: str, outcome: str, now: datetime) -> None:
    session.execute(delete(handled_groups).where(handled_groups.c.group_key == group_key[:300]))
    session.execute(insert(handled_groups).values(group_key=group_key[:300], handled_by=user, handled_at=now,
                                                  outcome=outcome[:200]))


def handled(session: Session) -> Dict[str, str]:
    return {r.group_key: r.outcome for r in session.execute(select(handled_groups))}


def window_start(now: datetime, minutes: int) -> datetime:
    return now - timedelta(minutes=minutes)
