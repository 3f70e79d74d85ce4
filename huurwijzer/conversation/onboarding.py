"""The onboarding journey for new tenants: progress per tenant (or per conversation until the
tenant logs in), preferences and the closing score. The steps as staff write them are read by
huurwijzer.content.onboarding_steps.

Plain functions over a session the caller owns; no Rasa types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, List, Optional, Sequence, Tuple

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from huurwijzer.content.onboarding_steps import Step
from huurwijzer.privacy import mask
from huurwijzer.tenancy import schema as t

# A tenant is new when the contract started within the last 60 days or starts within the next 30.
NEW_BEFORE, NEW_AFTER = timedelta(days=60), timedelta(days=30)


def is_new_tenant(start_date: date, today: date) -> bool:
    return today - NEW_BEFORE <= start_date <= today + NEW_AFTER


def owner_for(tenant_id: Optional[int], conversation_key: str) -> str:
    """Progress belongs to the tenant once known, so it can be resumed on any channel."""
    return f"huurder:{tenant_id}" if tenant_id is not None else f"gesprek:{conversation_key[:40]}"


def completed(session: Session, owner: str) -> List[str]:
    p = t.onboarding_progress
    return list(session.execute(select(p.c.step).where(p.c.owner == owner)).scalars())


def complete(session: Session, owner: str, step: str, now: datetime) -> None:
    p = t.onboarding_progress
    if not session.execute(select(p.c.step).where(p.c.owner == owner, p.c.step == step)).first():
        session.execute(insert(p).values(owner=owner, step=step, completed_at=now))


def reopen(session: Session, owner: str, step: str) -> None:
    """The step is shown again as the open one (the tenant went back to it)."""
    p = t.onboarding_progress
    session.execute(delete(p).where(p.c.owner == owner, p.c.step == step))


def next_open(steps: Sequence[Step], done: Sequence[str]) -> Optional[Step]:
    return next((s for s in steps if s.id not in done), None)


def adopt(session: Session, conversation_owner: str, tenant_owner: str) -> None:
    """Steps done before logging in count for the tenant."""
    p = t.onboarding_progress
    have = set(completed(session, tenant_owner))
    for step in completed(session, conversation_owner):
        if step not in have:
            session.execute(update(p).where(p.c.owner == conversation_owner, p.c.step == step)
                            .values(owner=tenant_owner))
    session.execute(delete(p).where(p.c.owner == conversation_owner))


@dataclass(frozen=True)
class Preferences:
    channel: Optional[str]  # telefoon | e-mail | whatsapp | brief
    preferred_times: Optional[str]
    language_help: bool
    wants_money_help: bool
    care_needs: Optional[str]


def save_preferences(session: Session, tenant_id: int, prefs: Preferences) -> None:
    c = t.contact_preferences
    values = {"channel": prefs.channel or "geen voorkeur", "preferred_times": prefs.preferred_times,
              "language_help": prefs.language_help, "wants_money_help": prefs.wants_money_help,
              "care_needs": prefs.care_needs}
    if session.execute(select(c.c.tenant_id).where(c.c.tenant_id == tenant_id)).first():
        session.execute(update(c).where(c.c.tenant_id == tenant_id).values(**values))
    else:
        session.execute(insert(c).values(tenant_id=tenant_id, **values))


def save_preference(session: Session, tenant_id: int, column: str, value: Any) -> None:
    """One answer of the maatwerk questions, stored at once: the conversation keeps only that it
    was answered (money help and care needs are nobody else's business)."""
    c = t.contact_preferences
    if column not in ("channel", "preferred_times", "language_help", "wants_money_help", "care_needs"):
        raise ValueError(column)
    if session.execute(select(c.c.tenant_id).where(c.c.tenant_id == tenant_id)).first():
        session.execute(update(c).where(c.c.tenant_id == tenant_id).values({column: value}))
    else:
        defaults = {"channel": "geen voorkeur", "preferred_times": None, "language_help": False,
                    "wants_money_help": False, "care_needs": None}
        session.execute(insert(c).values(tenant_id=tenant_id, **{**defaults, column: value}))


def save_feedback(session: Session, owner: str, score: int, comment: Optional[str], now: datetime) -> None:
    """The comment is stored masked (huurwijzer.privacy): staff read it for what to improve, not
    for the name, address or number a tenant may type into it."""
    comment = mask(comment) if comment else comment
    session.execute(insert(t.onboarding_feedback).values(owner=owner, score=score, comment=comment,
                                                         created_at=now))


@dataclass(frozen=True)
class StepCount:
    step: str
    title: str
    completed: int


@dataclass(frozen=True)
class OnboardingReport:
    started: int  # owners with at least one completed step
    per_step: Tuple[StepCount, ...]
    scores: int
    average_score: Optional[float]
    comments: Tuple[str, ...]


def report(session: Session, steps: Sequence[Step], since: Optional[datetime] = None) -> OnboardingReport:
    """Completion per step and the satisfaction scores, for the staff report."""
    p, f = t.onboarding_progress, t.onboarding_feedback
    when_p = [p.c.completed_at >= since] if since else []
    when_f = [f.c.created_at >= since] if since else []
    counts = dict(session.execute(select(p.c.step, func.count()).where(*when_p).group_by(p.c.step)).all())
    started = session.execute(select(func.count(func.distinct(p.c.owner))).where(*when_p)).scalar_one()
    scores = session.execute(select(func.count(), func.avg(f.c.score)).where(*when_f)).one()
    comments = session.execute(select(f.c.comment).where(f.c.comment.is_not(None), *when_f)
                               .order_by(f.c.created_at.desc()).limit(20)).scalars().all()
    average = float(scores[1]) if scores[1] is not None else None
    return OnboardingReport(int(started), tuple(StepCount(s.id, s.title, int(counts.get(s.id, 0))) for s in steps),
                            int(scores[0]), average, tuple(comments))
