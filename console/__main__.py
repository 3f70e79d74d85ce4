"""Staff console commands (Dutch):

    python -m console start [--poort 5002]          de beheeromgeving starten
    python -m console maak-beheerder NAAM           het eerste beheerdersaccount (wachtwoord wordt gevraagd)
    python -m console gebruiker NAAM ROL            een account: redacteur, beoordelaar of beheerder
    python -m console inlezen | wegschrijven        knowledge/ inlezen, of de gepubliceerde stand wegschrijven
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from datetime import datetime
from typing import List, Optional

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from console import store, work
from console.app import ConsoleConfig, create_app, hash_password, password_problem, random_secret

logger = logging.getLogger("console")
ROLE_NAMES = {"redacteur": "editor", "beoordelaar": "reviewer", "beheerder": "admin",
              "editor": "editor", "reviewer": "reviewer", "admin": "admin"}


def config_from_env() -> ConsoleConfig:
    from bot.cli import model_path
    from huurwijzer.settings import PROJECT_ROOT, get_settings
    from huurwijzer.tenancy.database import database_url

    settings = get_settings()
    secret = os.environ.get("HUURWIJZER_CONSOLE_SECRET") or ""
    if not secret:
        # Without a fixed secret, sessions end when the console restarts: fine on one machine.
        logger.warning("HUURWIJZER_CONSOLE_SECRET is leeg: sessies vervallen bij een herstart")
        secret = random_secret()
    return ConsoleConfig(
        database_url=database_url(), tracker_url=settings.tracker_url, knowledge_dir=settings.knowledge_dir,
        root=PROJECT_ROOT, secret_key=secret,
        session_minutes=int(os.environ.get("HUURWIJZER_CONSOLE_SESSION_MINUTES") or 30),
        secure_cookies=(os.environ.get("HUURWIJZER_CONSOLE_SECURE_COOKIES") or "0") == "1",
        model_file=model_path(),
        timezone=settings.timezone,
        rasa_url=os.environ.get("HUURWIJZER_RASA_URL") or f"http://127.0.0.1:{os.environ.get('RASA_PORT') or 5005}",
        proxies=int(os.environ.get("HUURWIJZER_CONSOLE_PROXIES") or 0),
    )


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Wachtwoord (minstens 12 tekens): ")
    if getpass.getpass("Nog een keer: ") != first:
        raise SystemExit("De wachtwoorden zijn niet gelijk.")
    return first


def add_account(config: ConsoleConfig, name: str, role: str, password: str) -> int:
    problem = password_problem(password)
    if problem:
        print(problem)
        return 2
    engine = create_engine(config.database_url, future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as s, s.begin():
        if store.user_by_name(s, name):
            print(f"Er is al een account '{name}'.")
            return 2
        store.add_user(s, name, hash_password(password), role, datetime.now())
    print(f"Account '{name}' aangemaakt ({role}).")
    return 0


def import_if_empty(config: ConsoleConfig) -> None:
    """A new console starts from the files in knowledge/."""
    engine = create_engine(config.database_url, future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as s, s.begin():
        if not store.documents(s, "entry"):
            counts = work.import_from(s, config.knowledge_dir, "inlezen", datetime.now())
            print(f"knowledge/ ingelezen: {counts.entries} antwoorden, {counts.repairs} onderdelen.")
    engine.dispose()


def main(argv: Optional[List[str]] = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    parser = argparse.ArgumentParser(prog="python -m console", description="Beheeromgeving van Huurwijzer")
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="de beheeromgeving starten")
    start.add_argument("--poort", type=int, default=int(os.environ.get("HUURWIJZER_CONSOLE_PORT") or 5002))
    start.add_argument("--adres", default="127.0.0.1")
    first = commands.add_parser("maak-beheerder", help="het eerste beheerdersaccount aanmaken")
    first.add_argument("naam")
    first.add_argument("--wachtwoord-stdin", action="store_true", help="wachtwoord van standaardinvoer lezen")
    user = commands.add_parser("gebruiker", help="een account aanmaken")
    user.add_argument("naam")
    user.add_argument("rol", choices=sorted(ROLE_NAMES))
    user.add_argument("--wachtwoord-stdin", action="store_true")
    commands.add_parser("inlezen", help="knowledge/ inlezen")
    commands.add_parser("wegschrijven", help="de gepubliceerde stand naar knowledge/ schrijven")
    args = parser.parse_args(argv)
    config = config_from_env()
    if args.command == "maak-beheerder":
        return add_account(config, args.naam, "admin", _read_password(args.wachtwoord_stdin))
    if args.command == "gebruiker":
        return add_account(config, args.naam, ROLE_NAMES[args.rol], _read_password(args.wachtwoord_stdin))
    engine = create_engine(config.database_url, future=True)
    store.create_tables(engine)
    if args.command in ("inlezen", "wegschrijven"):
        with Session(engine, future=True) as s, s.begin():
            if args.command == "inlezen":
                counts = work.import_from(s, config.knowledge_dir, "inlezen", datetime.now())
                print(f"Ingelezen: {counts.entries} antwoorden, {counts.repairs} onderdelen, "
                      f"{counts.profile} profiel gewijzigd.")
            else:
                work.export_to(s, config.knowledge_dir)
                print(f"Weggeschreven naar {config.knowledge_dir}.")
        return 0
    import_if_empty(config)
    from waitress import serve

    with Session(engine, future=True) as s:
        if store.count_admins(s) == 0:
            print("Er is nog geen beheerder. Maak er een met: .venv/bin/python -m console maak-beheerder NAAM")
    print(f"Beheeromgeving: http://{args.adres}:{args.poort}/", flush=True)
    serve(create_app(config), host=args.adres, port=args.poort, threads=8, ident="huurwijzer-beheer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
