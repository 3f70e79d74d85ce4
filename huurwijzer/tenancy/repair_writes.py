"""Writing repair requests in the demo back office (SqlBackOffice's share): filing one, locking a
contract while filing, raising the urgency, and a tenant withdrawing a request not yet planned. The
status values of `repair_requests.status` are named here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Optional

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t

REPORTED = "gemeld"  # filed, no appointment yet: the tenant may still withdraw it
PLANNED = "ingepland"  # an appointment is made: the appointment is cancelled, not the request
DONE = "uitgevoerd"
CANCELLED = "geannuleerd"  # by the corporation
WITHDRAWN = "ingetrokken"  # by the tenant, before it was planned


@dataclass(frozen=True)
class NewRepairRequest:
    object_id: str
    location: str
    description: str
    urgency: str  # normaal | spoed


URGENCIES = ("normaal", "spoed")  # lowest first


class SqlRepairWrites:
    """The repair-request writes of huurwijzer.tenancy.backoffice.SqlBackOffice."""

    def create_repair_request(self, session: Session, contract_number: str, request: NewRepairRequest,
                              now: datetime) -> str:
        """Stores the request and returns its reference (R-2026-000123), numbered by its row id."""
        c, r = t.contracts, t.repair_requests
        contract_id = session.execute(select(c.c.id).where(c.c.contract_number == contract_number)).scalar_one()
        # A unique placeholder first: the reference is made from the id the database hands out.
        result = session.execute(
            insert(r).values(reference="tmp-" + uuid.uuid4().hex[:16], contract_id=contract_id,
                             object_id=request.object_id, location=request.location,
                             description=request.description, urgency=request.urgency, status=REPORTED,
                             appointment_at=None, created_at=now)
        )
        new_id = int(result.inserted_primary_key[0])
        reference = f"R-{now.year}-{new_id:06d}"
        session.execute(update(r).where(r.c.id == new_id).values(reference=reference))
        return reference

    def lock_contract(self, session: Session, contract_number: str) -> None:
        """Held until the caller's transaction ends; another one filing for the contract waits. PostgreSQL
        locks its row; on SQLite a write that changes nothing takes the one write lock (BEGIN IMMEDIATE)."""
        c = t.contracts
        mine = c.c.contract_number == contract_number
        if session.get_bind().dialect.name == "sqlite":
            session.execute(update(c).where(mine).values(contract_number=c.c.contract_number))
        else:
            session.execute(select(c.c.id).where(mine).with_for_update())

    def raise_urgency(self, session: Session, reference: str, urgency: str) -> bool:
        """The request's urgency raised to `urgency` when that is higher (never lowered); True if raised."""
        r = t.repair_requests
        lower = URGENCIES[:URGENCIES.index(urgency)]
        result = session.execute(update(r).where(r.c.reference == reference, r.c.urgency.in_(lower))
                                 .values(urgency=urgency))
        return bool(result.rowcount)

    def withdraw_repair_request(self, session: Session, contract_number: str, reference: str) -> Optional[str]:
        """The contract's request `reference` withdrawn when it is still only reported; returns its status
        afterwards (WITHDRAWN, also when it was withdrawn before; otherwise unchanged), None when the
        contract has no such request (a reference of another tenant is never touched)."""
        c, r = t.contracts, t.repair_requests
        row = session.execute(select(r.c.id, r.c.status).join(c, c.c.id == r.c.contract_id)
                              .where(c.c.contract_number == contract_number, r.c.reference == reference)
                              .with_for_update()).one_or_none()
        if row is None:
            return None
        if row.status != REPORTED:
            return str(row.status)
        session.execute(update(r).where(r.c.id == row.id, r.c.status == REPORTED).values(status=WITHDRAWN))
        return WITHDRAWN
