"""AVG/GDPR commands for staff (Dutch):

    python -m bot.avg bewaartermijn [--dagen N] [--toegangslog-dagen M]
                                                  gesprekken ouder dan N dagen verwijderen
                                                  (standaard HUURWIJZER_RETENTION_DAYS, anders 365)
                                                  en het toegangslog ouder dan M dagen
                                                  (standaard HUURWIJZER_ACCESS_LOG_DAYS, anders 730)
    python -m bot.avg vergeet --huurder ID        alle gesprekken en gegevens van de assistent
                                                  over één huurder verwijderen; het toegangslog
                                                  (wie de huurderpagina bekeek) blijft bewaard
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session


def main(argv: Optional[List[str]] = None) -> int:
    from huurwijzer.reports.retention import erase_tenant, purge_older_than
    from huurwijzer.settings import get_settings
    from huurwijzer.tenancy import schema as t
    from huurwijzer.tenancy.access_log import ACCESS_LOG_DAYS_VARIABLE, DEFAULT_ACCESS_LOG_DAYS
    from huurwijzer.tenancy.database import database_url, engine_for, ensure_state_tables

    parser = argparse.ArgumentParser(prog="python -m bot.avg", description="Bewaartermijn en verwijderverzoeken")
    parser.add_argument("--gesprekken", help="SQLAlchemy-URL van de gespreksdatabase (tracker store)")
    parser.add_argument("--huurdata", help="SQLAlchemy-URL van de huurdersdatabase")
    sub = parser.add_subparsers(dest="opdracht", required=True)
    keep = sub.add_parser("bewaartermijn", help="verwijder gesprekken ouder dan de bewaartermijn")
    keep.add_argument("--dagen", type=int, default=int(os.environ.get("HUURWIJZER_RETENTION_DAYS") or 365))
    keep.add_argument("--toegangslog-dagen", dest="toegangslog", type=int,
                      default=int(os.environ.get(ACCESS_LOG_DAYS_VARIABLE) or DEFAULT_ACCESS_LOG_DAYS))
    forget = sub.add_parser("vergeet", help="verwijder alles van de assistent over één huurder")
    forget.add_argument("--huurder", type=int, required=True, help="het huurdernummer (tenant id)")
    args = parser.parse_args(argv)

    tracker = create_engine(args.gesprekken or get_settings().tracker_url, future=True)
    state = engine_for(args.huurdata or database_url())
    ensure_state_tables(state)
    with tracker.begin() as conn, Session(state, future=True) as session, session.begin():
        if args.opdracht == "bewaartermijn":
            if args.dagen < 1 or args.toegangslog < 1:
                print("De bewaartermijn moet minstens 1 dag zijn.")
                return 2
            today = datetime.now(timezone.utc).replace(tzinfo=None)
            removed = purge_older_than(conn, session, today - timedelta(days=args.dagen),
                                       today - timedelta(days=args.toegangslog))
            print(f"Verwijderd: {removed.conversations} gesprek(ken) ouder dan {args.dagen} dagen "
                  f"({removed.events} gebeurtenissen) en {removed.records} andere gegevens; "
                  f"{removed.access_log} regel(s) van het toegangslog ouder dan {args.toegangslog} dagen.")
            return 0
        phones = list(session.execute(select(t.tenants.c.phone).where(t.tenants.c.id == args.huurder,
                                                                      t.tenants.c.phone.is_not(None))).scalars())
        removed = erase_tenant(conn, session, args.huurder, phones)
    print(f"Verwijderd voor huurder {args.huurder}: {removed.conversations} gesprek(ken) "
          f"({removed.events} gebeurtenissen) en {removed.records} andere gegevens. Het toegangslog "
          f"(wie de huurderpagina bekeek) blijft bewaard volgens zijn eigen bewaartermijn.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
