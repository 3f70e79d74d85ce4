"""The back-office boundary. In production a corporation's own system is the source: an adapter
implementing `BackOffice` replaces `SqlBackOffice`. Read functions take a session owned by the
caller and return frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Optional, Protocol, Tuple

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.repair_writes import DONE, SqlRepairWrites
from huurwijzer.tenancy.repair_writes import URGENCIES as URGENCIES
from huurwijzer.tenancy.repair_writes import NewRepairRequest as NewRepairRequest


@dataclass(frozen=True)
class Contract:
    contract_number: str
    start_date: date
    end_date: Optional[date]
    bare_rent: Decimal
    service_costs: Decimal
    payment_method: str
    due_day: int
    street: str
    house_number: int
    addition: Optional[str]
    postcode: str
    city: str
    dwelling_type: str
    heating: str
    energy_label: Optional[str]
    complex_name: str
    caretaker_name: Optional[str]
    caretaker_phone: Optional[str]
    waste_days: Optional[str]

    @property
    def total_rent(self) -> Decimal:
        return self.bare_rent + self.service_costs

    @property
    def address(self) -> str:
        number = f"{self.house_number}{('-' + self.addition) if self.addition else ''}"
        return f"{self.street} {number}, {self.postcode[:4]} {self.postcode[4:]} {self.city}"


@dataclass(frozen=True)
class RentStatus:
    charged: Decimal
    paid: Decimal
    last_payment_on: Optional[date]

    @property
    def arrears(self) -> Decimal:
        return max(self.charged - self.paid, Decimal("0.00"))


@dataclass(frozen=True)
class RepairRequest:
    reference: str
    object_id: str
    location: str
    description: str
    urgency: str
    status: str
    appointment_at: Optional[datetime]
    created_at: datetime


@dataclass(frozen=True)
class ContractHolder:
    """What identity verification compares against; never shown to the user."""

    tenant_id: int
    contract_number: str
    postcode: str
    date_of_birth: date
    phone: Optional[str]


@dataclass(frozen=True)
class Tenant:
    tenant_id: int
    first_name: str
    last_name: str


@dataclass(frozen=True)
class ContactDetails:
    """Where follow-up messages go; personal data, never logged."""

    tenant_id: int
    first_name: str
    phone: Optional[str]  # E.164
    email: Optional[str]


@dataclass(frozen=True)
class PaymentArrangement:
    started_on: date
    status: str  # lopend | nagekomen | verbroken
    monthly_amount: Decimal = Decimal("0")

    @property
    def running(self) -> bool:
        return self.status == "lopend"

    @property
    def kept(self) -> bool:
        """Paying off arrears as agreed (still running, or finished)."""
        return self.status in ("lopend", "nagekomen")


@dataclass(frozen=True)
class CompletedRepair:
    """The back office's event: a repair request was carried out."""

    reference: str
    contract_number: str
    tenant_id: int  # the main tenant of the contract
    object_id: str
    completed_at: datetime


@dataclass(frozen=True)
class Subscription:
    started_on: date
    ended_on: Optional[date]

    def active_on(self, day: date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day < self.ended_on)




class BackOffice(Protocol):
    def contract(self, session: Session, contract_number: str) -> Optional[Contract]: ...
    def rent_status(self, session: Session, contract_number: str, today: date) -> Optional[RentStatus]: ...
    def repair_requests(self, session: Session, contract_number: str) -> Tuple[RepairRequest, ...]: ...
    def contract_holders(self, session: Session, contract_number: str) -> Tuple[ContractHolder, ...]: ...
    def holders_by_phone(self, session: Session, phone: str) -> Tuple[ContractHolder, ...]: ...
    def tenant(self, session: Session, tenant_id: int) -> Optional[Tenant]: ...
    def subscription(self, session: Session, contract_number: str) -> Optional[Subscription]: ...
    def create_repair_request(self, session: Session, contract_number: str, request: NewRepairRequest,
                              now: datetime) -> str: ...
    def lock_contract(self, session: Session, contract_number: str) -> None: ...
    def raise_urgency(self, session: Session, reference: str, urgency: str) -> bool: ...
    def withdraw_repair_request(self, session: Session, contract_number: str, reference: str) -> Optional[str]: ...
    def contact_details(self, session: Session, tenant_id: int) -> Optional[ContactDetails]: ...
    def complete_repair(self, session: Session, reference: str, now: datetime) -> Optional[CompletedRepair]: ...
    def payment_arrangement(self, session: Session, contract_number: str) -> Optional[PaymentArrangement]: ...


class SqlBackOffice(SqlRepairWrites):
    """The demo back office on the project's own database (SQLite or PostgreSQL)."""

    def contract(self, session: Session, contract_number: str) -> Optional[Contract]:
        c, d, x = t.contracts, t.dwellings, t.complexes
        row = session.execute(
            select(c.c.contract_number, c.c.start_date, c.c.end_date, c.c.bare_rent, c.c.service_costs,
                   c.c.payment_method, c.c.due_day, d.c.street, d.c.house_number, d.c.addition, d.c.postcode,
                   d.c.city, d.c.dwelling_type, d.c.heating, d.c.energy_label, x.c.name.label("complex_name"),
                   x.c.caretaker_name, x.c.caretaker_phone, x.c.waste_days)
            .join(d, d.c.id == c.c.dwelling_id).join(x, x.c.id == d.c.complex_id)
            .where(c.c.contract_number == contract_number)
        ).one_or_none()
        return Contract(**row._mapping) if row else None

    def rent_status(self, session: Session, contract_number: str, today: date) -> Optional[RentStatus]:
        c, e = t.contracts, t.ledger_entries
        contract_id = session.execute(select(c.c.id).where(c.c.contract_number == contract_number)).scalar()
        if contract_id is None:
            return None
        # Summed here as Decimal: SQLite would add NUMERIC values as floats.
        due = and_(e.c.contract_id == contract_id, e.c.booked_on <= today)
        entries = session.execute(select(e.c.kind, e.c.amount, e.c.booked_on).where(due)).all()
        cent = Decimal("0.01")
        charged = sum((Decimal(str(a)) for k, a, _ in entries if k == "charge"), Decimal("0")).quantize(cent)
        paid = sum((Decimal(str(a)) for k, a, _ in entries if k == "payment"), Decimal("0")).quantize(cent)
        last = max((d for k, _, d in entries if k == "payment"), default=None)
        return RentStatus(charged, paid, last)

    def repair_requests(self, session: Session, contract_number: str) -> Tuple[RepairRequest, ...]:
        c, r = t.contracts, t.repair_requests
        rows = session.execute(
            select(r.c.reference, r.c.object_id, r.c.location, r.c.description, r.c.urgency, r.c.status,
                   r.c.appointment_at, r.c.created_at)
            .join(c, c.c.id == r.c.contract_id).where(c.c.contract_number == contract_number)
            .order_by(r.c.created_at.desc())
        )
        return tuple(RepairRequest(**row._mapping) for row in rows)

    def contract_holders(self, session: Session, contract_number: str) -> Tuple[ContractHolder, ...]:
        c, ct, tn, d = t.contracts, t.contract_tenants, t.tenants, t.dwellings
        rows = session.execute(
            select(tn.c.id.label("tenant_id"), c.c.contract_number, d.c.postcode, tn.c.date_of_birth, tn.c.phone)
            .join(ct, ct.c.contract_id == c.c.id).join(tn, tn.c.id == ct.c.tenant_id)
            .join(d, d.c.id == c.c.dwelling_id).where(c.c.contract_number == contract_number)
            .order_by(tn.c.id)
        )
        return tuple(ContractHolder(**row._mapping) for row in rows)

    def holders_by_phone(self, session: Session, phone: str) -> Tuple[ContractHolder, ...]:
        c, ct, tn, d = t.contracts, t.contract_tenants, t.tenants, t.dwellings
        rows = session.execute(
            select(tn.c.id.label("tenant_id"), c.c.contract_number, d.c.postcode, tn.c.date_of_birth, tn.c.phone)
            .join(ct, ct.c.tenant_id == tn.c.id).join(c, c.c.id == ct.c.contract_id)
            .join(d, d.c.id == c.c.dwelling_id).where(tn.c.phone == phone, c.c.end_date.is_(None))
            .order_by(tn.c.id)
        )
        return tuple(ContractHolder(**row._mapping) for row in rows)

    def tenant(self, session: Session, tenant_id: int) -> Optional[Tenant]:
        tn = t.tenants
        row = session.execute(
            select(tn.c.id.label("tenant_id"), tn.c.first_name, tn.c.last_name).where(tn.c.id == tenant_id)
        ).one_or_none()
        return Tenant(**row._mapping) if row else None

    def subscription(self, session: Session, contract_number: str) -> Optional[Subscription]:
        c, s = t.contracts, t.service_subscriptions
        row = session.execute(
            select(s.c.started_on, s.c.ended_on).join(c, c.c.id == s.c.contract_id)
            .where(c.c.contract_number == contract_number).order_by(s.c.started_on.desc()).limit(1)
        ).one_or_none()
        return Subscription(**row._mapping) if row else None

    def contact_details(self, session: Session, tenant_id: int) -> Optional[ContactDetails]:
        tn = t.tenants
        row = session.execute(select(tn.c.id.label("tenant_id"), tn.c.first_name, tn.c.phone, tn.c.email)
                              .where(tn.c.id == tenant_id)).one_or_none()
        return ContactDetails(**row._mapping) if row else None

    def complete_repair(self, session: Session, reference: str, now: datetime) -> Optional[CompletedRepair]:
        """The demo back office marks a request as carried out (`python -m bot.cli reparatie-klaar`)."""
        c, r = t.contracts, t.repair_requests
        row = session.execute(select(r.c.id, r.c.object_id, c.c.contract_number).join(c, c.c.id == r.c.contract_id)
                              .where(r.c.reference == reference)).one_or_none()
        if row is None:
            return None
        session.execute(update(r).where(r.c.id == row.id).values(status=DONE))
        holders = self.contract_holders(session, row.contract_number)
        if not holders:
            return None
        return CompletedRepair(reference, row.contract_number, holders[0].tenant_id, row.object_id, now)

    def payment_arrangement(self, session: Session, contract_number: str) -> Optional[PaymentArrangement]:
        """The newest payment arrangement of the contract, if any."""
        c, p = t.contracts, t.payment_arrangements
        row = session.execute(select(p.c.started_on, p.c.status, p.c.monthly_amount).join(c, c.c.id == p.c.contract_id)
                              .where(c.c.contract_number == contract_number)
                              .order_by(p.c.started_on.desc(), p.c.id.desc()).limit(1)).one_or_none()
        return PaymentArrangement(**row._mapping) if row else None
