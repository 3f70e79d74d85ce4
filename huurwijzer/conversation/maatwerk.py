"""What the answers of the maatwerk step change: callback tasks for staff (early help with money,
care, a contact person, a later debit date) with the profile's response times and the tenant's
channel and times, and short answers with fewer buttons for tenants who asked for simple language.
The profile section and kort.yml are read by huurwijzer.content.maatwerk_profile.

Plain functions over a session the caller owns. Preferences and tasks live in the tenancy
database only, never in the conversation's slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Container, Optional, Tuple

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from huurwijzer.content.maatwerk_profile import Maatwerk
from huurwijzer.tenancy import schema as t

OPEN, DONE = "open", "afgerond"


def add_working_days(start: date, days: int, holidays: Container[date]) -> date:
    day = start
    while days > 0:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            days -= 1
    return day


# --- tasks for staff --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Task:
    id: int
    tenant_id: int
    kind: str
    team: str
    due_on: date
    channel: Optional[str]
    preferred_times: Optional[str]
    status: str
    created_at: datetime


def _columns() -> Tuple[Any, ...]:
    k = t.tenant_tasks
    return (k.c.id, k.c.tenant_id, k.c.kind, k.c.team, k.c.due_on, k.c.channel, k.c.preferred_times, k.c.status,
            k.c.created_at)


def preferences(session: Session, tenant_id: int) -> Optional[Any]:
    p = t.contact_preferences
    return session.execute(select(p).where(p.c.tenant_id == tenant_id)).one_or_none()


def create_task(session: Session, maatwerk: Maatwerk, tenant_id: int, kind: str, now: datetime, today: date,
                holidays: Container[date]) -> Task:
    """A callback task for the team of `kind`, due within its response time, to be done over the
    tenant's chosen channel at their chosen times. An open task of the same kind is kept, not doubled."""
    k = t.tenant_tasks
    existing = session.execute(select(*_columns()).where(k.c.tenant_id == tenant_id, k.c.kind == kind,
                                                         k.c.status == OPEN)).one_or_none()
    if existing is not None:
        return Task(**existing._mapping)
    prefs = preferences(session, tenant_id)
    team = maatwerk.team_for(kind)
    values = {"tenant_id": tenant_id, "kind": kind, "team": team.name,
              "due_on": add_working_days(today, team.working_days, holidays),
              "channel": prefs.channel if prefs else None, "preferred_times": prefs.preferred_times if prefs else None,
              "status": OPEN, "created_at": now}
    new_id = session.execute(insert(k).values(**values)).inserted_primary_key[0]
    return Task(id=int(new_id), **values)  # type: ignore[arg-type]


def tasks(session: Session, tenant_id: int, only_open: bool = False) -> Tuple[Task, ...]:
    k = t.tenant_tasks
    where = [k.c.tenant_id == tenant_id] + ([k.c.status == OPEN] if only_open else [])
    rows = session.execute(select(*_columns()).where(*where).order_by(k.c.due_on, k.c.id))
    return tuple(Task(**r._mapping) for r in rows)


def finish_task(session: Session, task_id: int, now: datetime) -> bool:
    k = t.tenant_tasks
    return bool(session.execute(update(k).where(k.c.id == task_id, k.c.status == OPEN)
                                .values(status=DONE, done_at=now)).rowcount)


def wants_simple_language(session: Session, tenant_id: int) -> bool:
    prefs = preferences(session, tenant_id)
    return bool(prefs and prefs.language_help)
