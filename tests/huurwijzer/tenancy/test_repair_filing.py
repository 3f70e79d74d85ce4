"""Filing a repair request on SQLite and PostgreSQL: a more urgent repeat raises the request's
urgency (never lowers it), and two conversations of one tenant filing the same repair at the same
moment make one request."""

from __future__ import annotations

import threading
import time
from datetime import datetime
from typing import List, Tuple

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from huurwijzer.tenancy.backoffice import NewRepairRequest, RepairRequest, SqlBackOffice
from huurwijzer.tenancy.repair_filing import FiledRequest, file_repair_request

NOW = datetime(2026, 11, 22, 10, 0)
OFFICE = SqlBackOffice()


def _requests(engine: Engine, contract: str) -> Tuple[RepairRequest, ...]:
    with Session(engine, future=True) as session:
        return OFFICE.repair_requests(session, contract)


def test_a_more_urgent_repeat_raises_the_urgency_and_a_less_urgent_one_never_lowers_it(engine: Engine) -> None:
    contract = "HC-100070"
    normal = NewRepairRequest("kraan", "keuken", "De kraan druppelt steeds", "normaal")
    urgent = NewRepairRequest("kraan", "Keuken", "de kraan druppelt steeds.", "spoed")
    with Session(engine, future=True) as session, session.begin():
        first = file_repair_request(OFFICE, session, contract, normal, NOW)
        assert not first.urgency_raised
        same = file_repair_request(OFFICE, session, contract, normal, NOW)
        assert same.already_reported and not same.urgency_raised
        raised = file_repair_request(OFFICE, session, contract, urgent, NOW)
        assert raised == FiledRequest(first.reference, already_reported=True, urgency_raised=True)
        again = file_repair_request(OFFICE, session, contract, urgent, NOW)  # already urgent
        assert again.already_reported and not again.urgency_raised
        lower = file_repair_request(OFFICE, session, contract, normal, NOW)
        assert lower.already_reported and not lower.urgency_raised
    made = [r for r in _requests(engine, contract) if r.reference == first.reference]
    assert [r.urgency for r in made] == ["spoed"]
    with Session(engine, future=True) as session, session.begin():
        assert not OFFICE.raise_urgency(session, first.reference, "normaal")


class _SlowReads(SqlBackOffice):
    """Reads the contract's requests, then waits: the moment two filings both read none."""

    def repair_requests(self, session: Session, contract_number: str) -> Tuple[RepairRequest, ...]:
        found = super().repair_requests(session, contract_number)
        time.sleep(0.4)
        return found


def test_two_conversations_filing_the_same_repair_at_the_same_moment_make_one_request(engine: Engine) -> None:
    contract = "HC-100077"
    request = NewRepairRequest("cv-ketel", "zolder", "De ketel geeft storing E119", "normaal")
    office, start = _SlowReads(), threading.Barrier(2)
    own = create_engine(engine.url, future=True, poolclass=NullPool)  # a connection of its own per conversation
    filed: List[FiledRequest] = []
    before = {r.reference for r in _requests(engine, contract)}
    failed: List[BaseException] = []

    def conversation() -> None:
        try:
            start.wait(timeout=10)
            with Session(own, future=True) as session, session.begin():  # one transaction each
                filed.append(file_repair_request(office, session, contract, request, NOW))
        except BaseException as exc:  # noqa: BLE001 (reported below)
            failed.append(exc)

    threads = [threading.Thread(target=conversation) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    own.dispose()
    assert not failed, failed
    assert sorted(f.already_reported for f in filed) == [False, True]
    assert filed[0].reference == filed[1].reference
    assert [r.reference for r in _requests(engine, contract) if r.reference not in before] == [filed[0].reference]
