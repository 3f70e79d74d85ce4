"""A tenant withdrawing a repair request in the back office, on SQLite and PostgreSQL: only a request of the
tenant's own contract that is still only reported; staff see it as `ingetrokken`."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import NewRepairRequest, SqlBackOffice
from huurwijzer.tenancy.repair_writes import PLANNED, REPORTED, WITHDRAWN

NOW = datetime(2026, 11, 22, 10, 0)
OFFICE = SqlBackOffice()
LEAK = NewRepairRequest("kraan", "keuken", "De kraan druppelt steeds", "normaal")


def _status(engine: Engine, contract: str, reference: str) -> str:
    with Session(engine, future=True) as session:
        return next(r.status for r in OFFICE.repair_requests(session, contract) if r.reference == reference)


def test_only_a_reported_request_of_the_own_contract_is_withdrawn(engine: Engine) -> None:
    mine, other = "HC-100105", "HC-100112"
    with Session(engine, future=True) as session, session.begin():
        reported = OFFICE.create_repair_request(session, mine, LEAK, NOW)
        planned = OFFICE.create_repair_request(session, mine, LEAK, NOW)
        session.execute(update(t.repair_requests).where(t.repair_requests.c.reference == planned)
                        .values(status=PLANNED))
        theirs = OFFICE.create_repair_request(session, other, LEAK, NOW)
    with Session(engine, future=True) as session, session.begin():
        assert OFFICE.withdraw_repair_request(session, mine, theirs) is None
        assert OFFICE.withdraw_repair_request(session, mine, planned) == PLANNED
        assert OFFICE.withdraw_repair_request(session, mine, reported) == WITHDRAWN
        assert OFFICE.withdraw_repair_request(session, mine, reported) == WITHDRAWN  # a second tap: the same
        assert OFFICE.withdraw_repair_request(session, mine, "R-2026-999999") is None
    assert _status(engine, mine, reported) == WITHDRAWN
    assert _status(engine, mine, planned) == PLANNED
    assert _status(engine, other, theirs) == REPORTED
