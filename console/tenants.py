"""What the console's tenant pages and feedback page show: what a tenant chose (maatwerk preferences,
choices at the start, consent to follow-ups), what was sent and answered, and the open tasks;
"U vroeg, wij deden" notes; the reward programme's agreement. Every view of a tenant page is
logged (who, which tenant, when) in the access log, `huurwijzer/tenancy/access_log.py`. The pages
are in console/views/tenants.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content import maatwerk_profile as mp
from huurwijzer.content.choices_profile import load_choices
from huurwijzer.content.repairs import load_repairs
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation import maatwerk as mw
from huurwijzer.conversation import repair_feedback as rf
from huurwijzer.tenancy import repair_writes as rw
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.access_log import recent_views
from huurwijzer.tenancy.backoffice import RepairRequest, SqlBackOffice
from huurwijzer.tenancy.database import ensure_state_tables

TASK_LABELS = {mp.MONEY: "Terugbellen over geldzaken (vroeghulp)", mp.CARE: "Contact over zorg of ondersteuning",
               mp.CONTACT_PERSON: "Contactpersoon vastleggen", mp.LATER_DEBIT: "Incasso later in de maand"}
STATUS_LABELS = {fu.SENT: "verzonden", fu.SENDING: "bezig", fu.FAILED: "mislukt", fu.SKIPPED: "overgeslagen"}
# A repair request's status (huurwijzer.tenancy.repair_writes), as staff read it.
REPAIR_STATUS_LABELS = {rw.REPORTED: "gemeld", rw.PLANNED: "ingepland", rw.DONE: "uitgevoerd",
                        rw.CANCELLED: "geannuleerd door ons", rw.WITHDRAWN: "ingetrokken door de huurder"}
ANSWER_LABELS = {fu.PROBLEM: "meldde een probleem", fu.ALL_GOOD: "alles in orde", fu.STOPPED: "stop"}


@dataclass(frozen=True)
class TenantPage:
    tenant_id: int
    name: str
    contracts: Tuple[Tuple[str, date], ...]
    preferences: Optional[Any]
    consent: Optional[fu.Consent]
    deliveries: Tuple[fu.DeliveryRow, ...]
    tasks: Tuple[mw.Task, ...]
    choices: Tuple[Tuple[str, str, str], ...]  # (question, option title, chosen on)
    repair_scores: Tuple[Any, ...]
    views: Tuple[Tuple[str, datetime], ...]
    # Every repair request of the tenant's contracts, newest first, withdrawn ones too (QA, session 18:
    # staff could not see what a tenant filed or withdrew in the chat).
    repairs: Tuple[RepairRequest, ...] = ()


def tenant_page(session: Session, knowledge_dir: Path, tenant_id: int) -> Optional[TenantPage]:
    tn, ct, c = t.tenants, t.contract_tenants, t.contracts
    person = session.execute(select(tn.c.first_name, tn.c.last_name).where(tn.c.id == tenant_id)).one_or_none()
    if person is None:
        return None
    contracts = tuple(session.execute(select(c.c.contract_number, c.c.start_date).join(ct, ct.c.contract_id == c.c.id)
                                      .where(ct.c.tenant_id == tenant_id).order_by(c.c.start_date.desc())).all())
    options = {(ch.id, o.id): (ch.question, o.title) for ch in load_choices(knowledge_dir / "corporation.yml")
               for o in ch.options}
    c_table = t.tenant_choices
    made = session.execute(select(c_table.c.choice, c_table.c.option, c_table.c.chosen_at)
                           .where(c_table.c.tenant_id == tenant_id)).all()
    choices = tuple((*options.get((row.choice, row.option), (row.choice, row.option)), f"{row.chosen_at:%d-%m-%Y}")
                    for row in made)
    f = t.repair_feedback
    scores = tuple(session.execute(select(f.c.reference, f.c.object_id, f.c.completed_at, f.c.score, f.c.comment)
                                   .where(f.c.tenant_id == tenant_id).order_by(f.c.completed_at.desc())).all())
    views = recent_views(session, tenant_id)
    office = SqlBackOffice()
    repairs = tuple(sorted((r for number, _ in contracts for r in office.repair_requests(session, number)),
                           key=lambda r: r.created_at, reverse=True))
    return TenantPage(tenant_id, f"{person.first_name} {person.last_name}", contracts,
                      mw.preferences(session, tenant_id), fu.consent(session, tenant_id),
                      fu.history(session, tenant_id), mw.tasks(session, tenant_id, only_open=True), choices, scores,
                      views, repairs)


def find(session: Session, query: str) -> List[int]:
    """Tenant numbers for a contract number (HC-123456) or a tenant number."""
    query = query.strip().upper()
    if query.isdigit():
        return [int(query)]
    ct, c = t.contract_tenants, t.contracts
    return list(session.execute(select(ct.c.tenant_id).join(c, c.c.id == ct.c.contract_id)
                                .where(c.c.contract_number == query).order_by(ct.c.tenant_id)).scalars())


def open_task_list(session: Session, limit: int = 50) -> List[Any]:
    k = t.tenant_tasks
    return list(session.execute(select(k.c.id, k.c.tenant_id, k.c.kind, k.c.team, k.c.due_on)
                                .where(k.c.status == mw.OPEN).order_by(k.c.due_on, k.c.id).limit(limit)).all())


# How far back the Huurders page lists problems tenants reported in answer to a follow-up.
PROBLEM_DAYS = 30


@dataclass(frozen=True)
class ReportedProblem:
    tenant_id: int
    moment: str  # the follow-up answered: week_1, maand_1, reparatie:R-2026-000123, ...
    answered_at: datetime
    filed: bool  # a repair request was filed for the tenant's contracts since the answer


def reported_problems(session: Session, now: datetime, days: int = PROBLEM_DAYS) -> List[ReportedProblem]:
    """Follow-up answers "there is a problem" of the last `days`, those without a repair request since first: a
    tenant who answered and then did not finish the login or the report reached no one (QA, session 20)."""
    d, ct, r = t.followup_deliveries, t.contract_tenants, t.repair_requests
    filed = (select(r.c.id).join(ct, ct.c.contract_id == r.c.contract_id)
             .where(ct.c.tenant_id == d.c.tenant_id, r.c.created_at >= d.c.answered_at).exists())
    rows = session.execute(select(d.c.tenant_id, d.c.moment, d.c.answered_at, filed.label("filed"))
                           .where(d.c.answer == fu.PROBLEM, d.c.answered_at >= now - timedelta(days=days)))
    found = [ReportedProblem(row.tenant_id, row.moment, row.answered_at, bool(row.filed)) for row in rows]
    return sorted(found, key=lambda p: (p.filed, -p.answered_at.timestamp()))


def repair_names(knowledge_dir: Path) -> Dict[str, str]:
    try:
        return {o.id: o.name for o in load_repairs(knowledge_dir / "repairs.yml").objects}
    except Exception:  # noqa: BLE001 - a broken repairs file shows ids instead of names
        return {}


def repair_scores(engine: Engine, knowledge_dir: Path, since: date) -> Dict[str, Any]:
    """The dashboard's figures after repairs: per type and month, with response rates."""
    ensure_state_tables(engine)
    with Session(engine, future=True) as session:
        asked, answered = rf.totals(session)
        rows = rf.scores(session, since=since)
    return {"rows": rows, "asked": asked, "answered": answered, "repair_names": repair_names(knowledge_dir)}


def repair_score_csv_rows(figures: Dict[str, Any]) -> List[Tuple[str, str, str]]:
    """The scores after repairs as (figure, what, value) rows for the dashboard's CSV."""
    rows: List[Tuple[str, str, str]] = []
    for r in figures["rows"]:
        what = f"{r.month} {figures['repair_names'].get(r.object_id, r.object_id)}"
        rows += [("reparatiecijfer gemiddeld", what, "" if r.average is None else f"{r.average:.2f}"),
                 ("reparatiecijfer respons", what, "" if r.response_rate is None else f"{r.response_rate:.3f}")]
    return rows


def rewards_agreement(knowledge_dir: Path) -> Optional[Dict[str, Any]]:
    """Who the reward criteria were agreed with, also while the programme is off."""
    import yaml

    raw = yaml.safe_load((knowledge_dir / "corporation.yml").read_text(encoding="utf-8")) or {}
    programme = raw.get("beloningsprogramma") or {}
    agreed = programme.get("afgestemd_met_huurdersorganisatie") if isinstance(programme, dict) else None
    if not isinstance(agreed, dict):
        return None
    return {"aan": programme.get("aan") is True, "naam": agreed.get("naam"), "datum": agreed.get("datum")}


def looks_dutch(text: str) -> bool:
    """An English text of a note that the assistant's own language detection reads as Dutch (a
    warning for staff, as the linter warns about English fields; short texts are not judged)."""
    from huurwijzer.content.language import DUTCH, detect

    return detect(text) == DUTCH
