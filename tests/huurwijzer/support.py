"""Shared pieces for the flow and journey tests: a seeded SQLite database, services on a fixed
clock, and a way to log a tenant in through the verification flow."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Dict

from sqlalchemy import Table, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions, verification_flow
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import ContractHolder, SqlBackOffice
from huurwijzer.tenancy.lockout import Lockout, MemoryLockoutStore

NOW = datetime(2026, 11, 22, 10, 0)  # UTC
SECRET, AUDIENCE = "portal-secret-for-tests-0123456789", "huurwijzer"
ACTION_SECRET = "action-secret-for-tests-0123456789"
OFFICE = SqlBackOffice()
PERSONAL = ("my_rent", "my_home", "my_repairs", "my_subscription", "start_repair_report", "verify_identity")


def services(engine: Engine) -> kernel.Services:
    return kernel.Services(engine, OFFICE, Lockout(MemoryLockoutStore()), v.OutboxNotifier(), "Europe/Amsterdam",
                          SECRET, AUDIENCE, clock=lambda: NOW, action_secret=ACTION_SECRET)


def holder(engine: Engine, contract: str) -> ContractHolder:
    with Session(engine, future=True) as session:
        return OFFICE.contract_holders(session, contract)[0]


def contract_in_seed(engine: Engine, arrears: bool) -> str:
    """The first seeded contract with (or without) rent arrears on NOW's date."""
    with Session(engine, future=True) as session:
        for number in session.execute(select(t.contracts.c.contract_number)).scalars():
            status = OFFICE.rent_status(session, number, NOW.date())
            if status is not None and (status.arrears > 0) == arrears:
                return str(number)
    raise AssertionError("no such contract in the seed")


def turn(sender: str, intent: str = "my_rent", text: str = "", **extra: Any) -> kernel.Turn:
    return kernel.Turn(sender, intent, 0.9, text or intent, **extra)


def everything_said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def verify(svc: kernel.Services, content: Content, sender: str, h: ContractHolder, pending: str = "my_rent",
           **slots: Any) -> kernel.Step:
    first = personal_questions.personal_request(svc, content, turn(sender, pending))
    assert first.slots[kernel.NEXT_STEP] == "verify"
    answers = {"verification_contract": h.contract_number, "verification_postcode": h.postcode,
               "verification_birth_date": f"{h.date_of_birth:%d-%m-%Y}"}
    state: Dict[str, Any] = {**first.slots, **slots}
    for slot, value in answers.items():
        step = verification_flow.verification_input(svc, content, turn(sender, "nlu_fallback", value), slot, value)
        state.update(step.slots)
    return verification_flow.verification_result(svc, content, turn(sender, "nlu_fallback", slots=state))


def emptied(engine: Engine, *tables: Table) -> Engine:
    """The demo database with the state tables in place and `tables` emptied: each test starts clean."""
    from huurwijzer.tenancy.database import ensure_state_tables

    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        for table in tables:
            session.execute(delete(table))
    return engine
