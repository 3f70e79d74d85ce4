"""Deterministic fictional demo data: Dutch names and addresses, 500+ tenants, some new tenants,
some with arrears (about half of them with a payment arrangement), some with open repairs. Same
seed and reference date give the same data.

    python -m huurwijzer.tenancy.seed [--database-url URL] [--today 2026-11-22] [--force]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, Dict, List, Optional

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.database import database_url, engine_for
from huurwijzer.tenancy.repair_filing import OPEN_STATUSES
from huurwijzer.tenancy.repair_writes import DONE, PLANNED, REPORTED

FIRST = ("Anna Bram Chantal Daan Emma Fatima Gijs Hanna Ibrahim Jasper Kim Lotte Mehmet Noor Olga Pieter Quinty "
         "Ruben Sanne Tim Umut Vera Wouter Yara Zeynep Ahmed Bas Christa Dirk Esra Fleur Gerrit Ilse Joost Karin "
         "Lars Mila Nadia Oscar Priya Rik Soufiane Tess Ufuk Vincent Wendy Youssef").split()
LAST = ("de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|Vos|Peters|Hendriks|"
        "van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Yilmaz|El Amrani|Kaya|Bouzid|Nguyen|Kowalski|Öztürk|Haddou|"
        "van Dijk|Kramer|Post|Verbeek|Koster|Prins|Huisman|Kok|Jacobs|Schouten|van der Meer").split("|")
STREETS = ("Lindelaan Esdoornstraat Berkenhof Wilgenweg Kastanjeplein Eikenlaan Populierenstraat Beukenhof "
           "Merelstraat Lijsterlaan Spreeuwenhof Kievitweg Reigerstraat Zwaluwplein Meeuwenlaan").split()
CITIES = ("Eemdal", "Hooglanden", "Lindeoord")
TYPES = ("eengezinswoning", "portiekflat", "galerijflat", "benedenwoning", "seniorenwoning")
LABELS = ("A", "A", "B", "B", "C", "C", "D", "E")
WASTE = ("restafval: dinsdag; gft: vrijdag", "restafval: maandag; papier: donderdag",
         "ondergrondse container, elke dag; grofvuil op afspraak", "restafval: woensdag; pmd: vrijdag")
NEW_TENANTS = 35
OBJECTS = (("kraanleertje", "keuken"), ("cv-ketel", "zolder"), ("raam", "slaapkamer"), ("dak-lekkage", "zolder"),
           ("binnendeur", "badkamer"), ("afvoer-verstopt", "badkamer"), ("mechanische-ventilatie", "zolder"),
           ("kozijn", "woonkamer"), ("tegels", "keuken"), ("schimmel", "badkamer"))


@dataclass(frozen=True)
class SeedSummary:
    tenants: int
    contracts: int
    new_tenants: int
    with_arrears: int
    open_repairs: int
    payment_arrangements: int = 0


def _months_between(start: date, end: date) -> List[date]:
    months, current = [], date(start.year, start.month, 1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def generate(today: date, seed: int = 2026) -> Dict[str, List[Dict[str, Any]]]:
    rng = random.Random(seed)
    rows: Dict[str, List[Dict[str, Any]]] = {name: [] for name in t.metadata.tables}
    for cid in range(1, 41):
        caretaker = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        rows["complexes"].append({"id": cid, "name": f"Complex {rng.choice(STREETS)} {cid}",
                                  "caretaker_name": caretaker, "caretaker_phone": f"06-0000{cid:04d}",
                                  "waste_days": rng.choice(WASTE)})
    ledger_id = repair_id = household_id = 0
    tenant_id = 0
    for n in range(1, 521):
        complex_id = (n - 1) % 40 + 1
        heating = rng.choice(("cv", "cv", "cv", "blokverwarming", "stadsverwarming"))
        rows["dwellings"].append({
            "id": n, "complex_id": complex_id, "street": STREETS[complex_id % len(STREETS)],
            "house_number": rng.randint(1, 180), "addition": rng.choice((None, None, "A", "B", "2", "3")),
            "postcode": f"38{rng.randint(10, 99)}{rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}",
            "city": CITIES[complex_id % 3], "dwelling_type": rng.choice(TYPES), "heating": heating,
            "energy_label": rng.choice(LABELS)})
        if n <= NEW_TENANTS:  # started in the last 60 days or starting within 30
            start = today + timedelta(days=rng.randint(-60, 30))
        else:
            start = today - timedelta(days=rng.randint(90, 365 * 25))
        bare = Decimal(rng.randint(48000, 82000)) / 100
        service = Decimal(rng.randint(1500, 6500)) / 100
        number = f"HC-{100000 + n * 7:06d}"
        rows["contracts"].append({
            "id": n, "contract_number": number, "dwelling_id": n, "start_date": start, "end_date": None,
            "bare_rent": bare, "service_costs": service,
            "payment_method": rng.choice(("incasso", "incasso", "incasso", "ideal", "overboeking")),
            "due_day": 1})
        people = 2 if rng.random() < 0.2 else 1
        for role in ("huurder", "medehuurder")[:people]:
            tenant_id += 1
            born = date(rng.randint(1940, 2005), rng.randint(1, 12), rng.randint(1, 28))
            first, last = rng.choice(FIRST), rng.choice(LAST)
            rows["tenants"].append({
                "id": tenant_id, "first_name": first, "last_name": last, "date_of_birth": born,
                "phone": f"+316{rng.randint(10000000, 99999999)}",
                "email": f"{first.lower()}.{last.lower().replace(' ', '')}{tenant_id}@voorbeeld.example"})
            rows["contract_tenants"].append({"contract_id": n, "tenant_id": tenant_id, "role": role})
            if rng.random() < 0.6:
                rows["contact_preferences"].append({
                    "tenant_id": tenant_id, "channel": rng.choice(("telefoon", "e-mail", "whatsapp", "brief")),
                    "preferred_times": rng.choice((None, "ochtend", "middag", "na 17:00")),
                    "language_help": rng.random() < 0.1, "wants_money_help": False, "care_needs": None})
        if rng.random() < 0.3:
            household_id += 1
            rows["household_members"].append({"id": household_id, "tenant_id": tenant_id,
                                               "first_name": rng.choice(FIRST), "relation": "kind",
                                               "date_of_birth": date(rng.randint(2008, 2024), rng.randint(1, 12), 1)})
        in_arrears = n > NEW_TENANTS and rng.random() < 0.08
        missed = set(rng.sample(range(3), rng.randint(1, 3))) if in_arrears else set()
        months = [m for m in _months_between(max(start, today - timedelta(days=365)), today) if m >= date(
            start.year, start.month, 1)]
        for index, month in enumerate(reversed(months)):
            ledger_id += 1
            rows["ledger_entries"].append({"id": ledger_id, "contract_id": n, "booked_on": month, "kind": "charge",
                                           "amount": bare + service, "description": f"Huur {month:%m-%Y}"})
            if index not in missed:
                ledger_id += 1
                rows["ledger_entries"].append({"id": ledger_id, "contract_id": n, "booked_on": month,
                                               "kind": "payment", "amount": bare + service,
                                               "description": "Betaling huur"})
        if rng.random() < 0.3:
            rows["service_subscriptions"].append({"id": n, "contract_id": n,
                                                  "started_on": max(start, today - timedelta(days=700)),
                                                  "ended_on": None})
        for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
            repair_id += 1
            obj, location = rng.choice(OBJECTS)
            created = datetime.combine(today, datetime.min.time()) - timedelta(days=rng.randint(0, 200))
            status = rng.choice((REPORTED, PLANNED, DONE, DONE, DONE))
            rows["repair_requests"].append({
                "id": repair_id, "reference": f"R-{created.year}-{repair_id:06d}", "contract_id": n,
                "object_id": obj, "location": location, "description": "Door de huurder gemeld via het portaal.",
                "urgency": "spoed" if obj in ("cv-ketel", "dak-lekkage") else "normaal", "status": status,
                "appointment_at": created + timedelta(days=3, hours=9) if status != REPORTED else None,
                "created_at": created})
    rows["payment_arrangements"] = _arrangements(rows, today, random.Random(seed + 1))
    return rows


def _arrangements(rows: Dict[str, List[Dict[str, Any]]], today: date, rng: random.Random) -> List[Dict[str, Any]]:
    """Payment arrangements: running for about half of the contracts in arrears, and some older
    ones that were kept or broken. A random stream of their own, so every other row stays as it was."""
    balances = _balances(rows)
    arrangements: List[Dict[str, Any]] = []
    for contract in rows["contracts"]:
        owed = balances.get(contract["id"], Decimal("0"))
        if owed > 0 and rng.random() < 0.5:
            status, started = "lopend", today - timedelta(days=rng.randint(7, 60))
            monthly = max(Decimal("25.00"), (owed / 6).quantize(Decimal("0.01")))
        elif owed <= 0 and (today - contract["start_date"]).days > 800 and rng.random() < 0.06:
            status = rng.choice(("nagekomen", "nagekomen", "nagekomen", "verbroken"))
            started = today - timedelta(days=rng.randint(400, 700))
            monthly = Decimal(rng.randint(25, 150))
        else:
            continue
        arrangements.append({"id": len(arrangements) + 1, "contract_id": contract["id"], "started_on": started,
                             "monthly_amount": monthly, "status": status})
    return arrangements


def seed(engine: Engine, today: date, force: bool = False) -> Optional[SeedSummary]:
    """Creates the tables and fills them; does nothing when data exists, unless `force`."""
    if force:
        t.metadata.drop_all(engine)
    t.metadata.create_all(engine)
    with engine.begin() as conn:
        if conn.execute(select(func.count()).select_from(t.contracts)).scalar_one():
            return None
        rows = generate(today)
        for table in t.metadata.sorted_tables:
            if rows[table.name]:
                conn.execute(insert(table), rows[table.name])
        if conn.dialect.name == "postgresql":
            # The demo rows carry their own ids; move each id sequence past them so new rows fit.
            for table in t.metadata.sorted_tables:
                if "id" in table.c and table.c.id.autoincrement in (True, "auto") and table.c.id.primary_key:
                    highest = select(func.coalesce(func.max(table.c.id), 1)).scalar_subquery()
                    conn.execute(select(func.setval(func.pg_get_serial_sequence(table.name, "id"), highest)))
    open_repairs = sum(1 for r in rows["repair_requests"] if r["status"] in OPEN_STATUSES)
    return SeedSummary(tenants=len(rows["tenants"]), contracts=len(rows["contracts"]), new_tenants=NEW_TENANTS,
                       with_arrears=_contracts_in_arrears(rows), open_repairs=open_repairs,
                       payment_arrangements=len(rows["payment_arrangements"]))


def _balances(rows: Dict[str, List[Dict[str, Any]]]) -> Dict[int, Decimal]:
    """What each contract owes according to its ledger (charges minus payments)."""
    balance: Dict[int, Decimal] = {}
    for e in rows["ledger_entries"]:
        sign = 1 if e["kind"] == "charge" else -1
        balance[e["contract_id"]] = balance.get(e["contract_id"], Decimal("0")) + sign * e["amount"]
    return balance


def _contracts_in_arrears(rows: Dict[str, List[Dict[str, Any]]]) -> int:
    return sum(1 for amount in _balances(rows).values() if amount > 0)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fill the tenancy database with fictional demo data.")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--force", action="store_true", help="drop and recreate the demo data")
    args = parser.parse_args()
    url = args.database_url or database_url()
    summary = seed(engine_for(url), args.today, args.force)
    if summary is None:
        print("Demo tenancy data already present (use --force to recreate).")
    else:
        print(f"Seeded {summary.tenants} tenants, {summary.contracts} contracts ({summary.new_tenants} new, "
              f"{summary.with_arrears} with arrears, {summary.open_repairs} open repairs, "
              f"{summary.payment_arrangements} payment arrangements).")


if __name__ == "__main__":
    main()
