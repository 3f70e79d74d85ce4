"""The access log: which staff member opened which tenant's page in the console, and when.

It is the corporation's record of who looked at a tenant's data (AVG art. 5(2) and 32), and what a
tenant is told when they ask who saw their data (art. 15). It holds a staff username, a tenant
number and a time, never what was shown. Erasing a tenant (`bot.avg vergeet`) therefore keeps it;
`bot.avg bewaartermijn` removes entries older than the access log's own retention period
(HUURWIJZER_ACCESS_LOG_DAYS). The table keeps the name it had when the console declared it."""

from __future__ import annotations

from datetime import datetime
from typing import Tuple

from sqlalchemy import Column, DateTime, Integer, String, Table, delete, insert, select
from sqlalchemy.orm import Session

from huurwijzer.tenancy.schema import metadata

ACCESS_LOG_DAYS_VARIABLE = "HUURWIJZER_ACCESS_LOG_DAYS"
DEFAULT_ACCESS_LOG_DAYS = 730

tenant_views = Table(
    "console_tenant_views", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(80), nullable=False),
    Column("tenant_id", Integer, nullable=False, index=True),
    Column("viewed_at", DateTime, nullable=False),
)


def log_view(session: Session, username: str, tenant_id: int, now: datetime) -> None:
    session.execute(insert(tenant_views).values(username=username, tenant_id=tenant_id, viewed_at=now))


def recent_views(session: Session, tenant_id: int, limit: int = 10) -> Tuple[Tuple[str, datetime], ...]:
    """The newest views of one tenant's page: (username, when)."""
    rows = session.execute(select(tenant_views.c.username, tenant_views.c.viewed_at)
                           .where(tenant_views.c.tenant_id == tenant_id)
                           .order_by(tenant_views.c.viewed_at.desc(), tenant_views.c.id.desc()).limit(limit))
    return tuple((row.username, row.viewed_at) for row in rows)


def purge_before(session: Session, cutoff: datetime) -> int:
    """Removes the entries older than `cutoff` (naive UTC); returns how many."""
    return int(session.execute(delete(tenant_views).where(tenant_views.c.viewed_at < cutoff)).rowcount or 0)
