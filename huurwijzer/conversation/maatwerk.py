"""What the answers of the maatwerk step change: callback tasks for staff (early help with money,
care, a contact person, a later debit date) with the profile's response times and the tenant's
channel and times, and short answers with fewer buttons for tenants who asked for simple language.
Section `maatwerk` of knowledge/corporation.yml; short texts in knowledge/kort.yml.

Plain functions over a session the caller owns. Preferences and tasks live in the tenancy
database only, never in the conversation's slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, Container, Mapping, Optional, Tuple

import yaml
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t

SECTION = "maatwerk"
MONEY, CARE, CONTACT_PERSON, LATER_DEBIT = "geldzaken", "zorg", "contactpersoon", "later_incasso"
OPEN, DONE = "open", "afgerond"


class MaatwerkError(ValueError):
    """The `maatwerk` section or kort.yml is malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Team:
    name: str
    working_days: int


@dataclass(frozen=True)
class Maatwerk:
    early_help: Team
    care: Team
    care_route: str
    later_debit: Team
    max_buttons: int

    def team_for(self, kind: str) -> Team:
        return {MONEY: self.early_help, CARE: self.care, CONTACT_PERSON: self.care,
                LATER_DEBIT: self.later_debit}[kind]


def _team(raw: Mapping[str, Any], key: str) -> Team:
    item = raw.get(key)
    if not isinstance(item, Mapping) or not isinstance(item.get("team"), str) or not item["team"].strip():
        raise MaatwerkError(f"'maatwerk.{key}.team' ontbreekt")
    days = item.get("reactietijd_werkdagen")
    if not isinstance(days, int) or days < 1:
        raise MaatwerkError(f"'maatwerk.{key}.reactietijd_werkdagen' moet een heel getal van 1 of meer zijn")
    return Team(item["team"].strip(), days)


def parse_maatwerk(raw: Any) -> Optional[Maatwerk]:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise MaatwerkError("'maatwerk' moet velden bevatten (vroeghulp, zorg, later_incasso, eenvoudige_taal)")
    care = raw.get("zorg") or {}
    route = care.get("route") if isinstance(care, Mapping) else None
    if not isinstance(route, str) or not route.strip():
        raise MaatwerkError("'maatwerk.zorg.route' ontbreekt: de weg naar de Wmo en woningaanpassingen")
    simple = raw.get("eenvoudige_taal") or {}
    buttons = simple.get("max_knoppen", 2) if isinstance(simple, Mapping) else None
    if not isinstance(buttons, int) or buttons < 0:
        raise MaatwerkError("'maatwerk.eenvoudige_taal.max_knoppen' moet een heel getal zijn")
    return Maatwerk(_team(raw, "vroeghulp"), _team(raw, "zorg"), " ".join(route.split()),
                    _team(raw, "later_incasso"), buttons)


def load_maatwerk(corporation_file: Path) -> Optional[Maatwerk]:
    raw = yaml.safe_load(corporation_file.read_text(encoding="utf-8")) or {}
    return parse_maatwerk(raw.get(SECTION) if isinstance(raw, Mapping) else None)


def load_short_texts(path: Path) -> Mapping[str, str]:
    """knowledge/kort.yml: entry id -> short text. A missing file means no short texts."""
    if not path.exists():
        return MappingProxyType({})
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                               for k, v in raw.items()):
        raise MaatwerkError(f"{path}: elke regel is 'item-id: korte tekst'")
    return MappingProxyType({k: v.strip() for k, v in raw.items()})


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
