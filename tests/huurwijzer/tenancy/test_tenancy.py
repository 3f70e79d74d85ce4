"""The tenancy data layer on SQLite and on the PostgreSQL server at 127.0.0.1:5432."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.tenancy.backoffice import SqlBackOffice
from huurwijzer.tenancy.seed import generate, seed
from tests.huurwijzer.conftest import TODAY


def test_seed_is_deterministic_and_big_enough() -> None:
    first, second = generate(TODAY), generate(TODAY)
    assert first == second
    assert len(first["tenants"]) >= 500
    new = [c for c in first["contracts"] if (c["start_date"] - TODAY).days >= -60]
    assert 20 <= len(new) <= 60
    assert any(r["status"] in ("gemeld", "ingepland") for r in first["repair_requests"])


def test_the_seed_has_payment_arrangements_for_tenants_in_arrears(engine: Engine) -> None:
    """Running arrangements for about half of the contracts in arrears, and older kept and broken
    ones: what the console's tenant page and the rewards rules read (SqlBackOffice.payment_arrangement)."""
    rows = generate(TODAY)
    arrangements = rows["payment_arrangements"]
    assert {a["status"] for a in arrangements} == {"lopend", "nagekomen", "verbroken"}
    charged: dict[int, Decimal] = {}
    for entry in rows["ledger_entries"]:
        charged[entry["contract_id"]] = charged.get(entry["contract_id"], Decimal("0")) + (
            entry["amount"] if entry["kind"] == "charge" else -entry["amount"])
    in_arrears = {cid for cid, owed in charged.items() if owed > 0}
    running = {a["contract_id"] for a in arrangements if a["status"] == "lopend"}
    assert running <= in_arrears and len(in_arrears) / 4 <= len(running) < len(in_arrears)
    assert all(a["monthly_amount"] >= Decimal("25") and a["started_on"] <= TODAY for a in arrangements)
    number = next(c["contract_number"] for c in rows["contracts"] if c["id"] in running)
    with Session(engine, future=True) as session:
        found = SqlBackOffice().payment_arrangement(session, number)
    assert found is not None and found.status == "lopend" and found.kept


def test_seeding_twice_keeps_the_data(engine: Engine) -> None:
    assert seed(engine, TODAY) is None


def test_contract_details_with_decimal_money(engine: Engine) -> None:
    with Session(engine, future=True) as session:
        contract = SqlBackOffice().contract(session, "HC-100007")
    assert contract is not None
    assert isinstance(contract.bare_rent, Decimal)
    assert contract.total_rent == contract.bare_rent + contract.service_costs
    assert contract.heating in ("cv", "blokverwarming", "stadsverwarming")
    assert contract.address.startswith(contract.street)
    with Session(engine, future=True) as session:
        assert SqlBackOffice().contract(session, "HC-000000") is None


def test_arrears_are_computed_from_the_ledger(engine: Engine) -> None:
    rows = generate(TODAY)
    in_arrears = next(c["contract_number"] for c in rows["contracts"]
                      if sum(e["amount"] if e["kind"] == "charge" else -e["amount"]
                             for e in rows["ledger_entries"] if e["contract_id"] == c["id"]) > 0)
    with Session(engine, future=True) as session:
        status = SqlBackOffice().rent_status(session, in_arrears, TODAY)
        paid_up = SqlBackOffice().rent_status(session, "HC-100252", TODAY)
    assert status is not None and status.arrears > 0
    assert paid_up is not None and paid_up.arrears >= Decimal("0.00")


def test_repairs_and_holders_belong_to_the_contract(engine: Engine) -> None:
    office = SqlBackOffice()
    with Session(engine, future=True) as session:
        holders = office.contract_holders(session, "HC-100007")
        repairs = office.repair_requests(session, "HC-100007")
    assert holders and all(h.contract_number == "HC-100007" for h in holders)
    assert all(r.reference.startswith("R-") for r in repairs)


def test_importing_the_layer_connects_to_nothing(tmp_path: Path) -> None:
    import importlib

    import huurwijzer.tenancy.database as database

    importlib.reload(database)
    assert database.engine_for.cache_info().currsize == 0
