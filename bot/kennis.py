"""Staff tools for knowledge/ (Dutch output; see knowledge/README.md).

    python -m bot.kennis controleer            check all content, print path:line: message
    python -m bot.kennis nieuw ID ONDERWERP    create a draft entry from the template
    python -m bot.kennis verouderd             entries not reviewed for more than a year
    python -m bot.kennis engels-klopt [ID ...]  record that the English texts of these entries, repair
                                               objects or fixed texts match today's Dutch text; without
                                               IDs only English texts that have no fingerprint yet
    python -m bot.kennis rapport               questions the assistant could not answer, and how
                                               new tenants did the onboarding journey
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
TEMPLATE = """\
# yaml-language-server: $schema=../schema/entry.schema.json
# Nieuw kennisbank-item. Vul alles in, zet status op published en controleer met: make kennis-controle
id: {id}
topic: {topic}
title: ""
status: draft
owner: ""
last_reviewed: '{today}'
questions:
  - ""
  - ""
  - ""
  - ""
  - ""
answer: ""
links: []
"""


def controleer(knowledge: Path) -> int:
    from huurwijzer.content.lint_folder import lint_knowledge

    found = lint_knowledge(knowledge)
    for problem in found:
        print(problem)
    entries = len(list((knowledge / "entries").glob("*.yml")))
    problems = [p for p in found if not p.warning]
    warnings = f"{len(found) - len(problems)} waarschuwing(en)"
    if problems:
        print(f"{len(problems)} probleem/problemen en {warnings} gevonden in {entries} antwoorden.")
    elif len(found):  # a warning (an outdated English text) does not stop a correction going out
        print(f"Geen fouten in {entries} antwoorden, wel {warnings}: bekijk ze als u tijd heeft.")
    else:
        print(f"Alles in orde: {entries} antwoorden gecontroleerd.")
    return 1 if problems else 0


def engels_klopt(knowledge: Path, ids: List[str]) -> int:
    """Records the English texts of `ids` (entries, repair objects, or the fixed texts of
    huurwijzer.content.fixed_twins) as translations of today's Dutch text; without ids, only the
    English texts that have no fingerprint yet (it never overwrites one, so running it again changes
    nothing)."""
    from console.yaml_files import read_entries, read_repairs, stamp_fixed_twins, write_entry, write_repairs
    from huurwijzer.content.fixed_twins import places
    from huurwijzer.content.twin_fingerprints import (
        ENTRY_TWINS,
        REPAIR_TWINS,
        SUFFIX,
        UNCONFIRMED,
        confirm,
        twin_states,
    )

    done: List[str] = []

    def stamped(key: str, data: Dict[str, Any], twins: Mapping[str, str]) -> Dict[str, Any]:
        english = [s.english for s in twin_states(data, twins) if ids or s.state == UNCONFIRMED]
        new = confirm(data, twins, english)
        done.extend(f"{key}: {e}" for e in english if new.get(e + SUFFIX) != data.get(e + SUFFIX))
        return new

    entries = read_entries(knowledge)
    objects = read_repairs(knowledge)
    fixed = {name for p in places(knowledge) for name in (p.ident, p.file)}
    unknown = set(ids) - set(entries) - {str(o.get("id")) for o in objects} - fixed
    if unknown:
        print(f"Onbekend: {', '.join(sorted(unknown))}. Gebruik het id van een antwoord of een onderdeel, of de "
              "naam uit de waarschuwing van make kennis-controle (zoals balie, welkom of greet).")
        return 2
    for key, data in entries.items():
        if not ids or key in ids:
            new = stamped(key, data, ENTRY_TWINS)
            if new != data:
                write_entry(knowledge, new)
    stamped_objects = [stamped(str(o.get("id")), o, REPAIR_TWINS) if not ids or o.get("id") in ids else o
                       for o in objects]
    if stamped_objects != objects:
        write_repairs(knowledge, stamped_objects)
    done.extend(stamp_fixed_twins(knowledge, ids))
    for line in done:
        print(f"Vastgelegd: {line} hoort bij de huidige Nederlandse tekst.")
    print(f"{len(done)} Engelse tekst(en) vastgelegd." if done else "Niets te doen.")
    return 0


def nieuw(knowledge: Path, entry_id: str, topic: str) -> int:
    topics = yaml.safe_load((knowledge / "topics.yml").read_text(encoding="utf-8"))["topics"]
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry_id):
        print(f"'{entry_id}' kan geen id zijn: gebruik kleine letters, cijfers en streepjes,"
              " bijvoorbeeld glasschade-melden.")
        return 2
    if topic not in topics:
        print(f"Onbekend onderwerp '{topic}'. Kies uit: {', '.join(topics)}")
        return 2
    path = knowledge / "entries" / f"{entry_id}.yml"
    if path.exists():
        print(f"{path} bestaat al; kies een andere id.")
        return 2
    path.write_text(TEMPLATE.format(id=entry_id, topic=topic, today=date.today().isoformat()), encoding="utf-8")
    print(f"Aangemaakt: {path}\nVul het bestand in en controleer het met: make kennis-controle")
    return 0


def verouderd(knowledge: Path, today: date) -> int:
    from huurwijzer.content.knowledge import entry_files, load_entries

    limit = today - timedelta(days=365)
    stale = sorted((e for e in load_entries(entry_files(knowledge / "entries")).entries
                    if e.status != "retired" and e.last_reviewed < limit), key=lambda e: e.last_reviewed)
    for entry in stale:
        print(f"{knowledge / 'entries' / (entry.id + '.yml')}: laatst gecontroleerd {entry.last_reviewed}"
              f" ({entry.owner}): {entry.title}")
    print(f"{len(stale)} antwoord(en) langer dan een jaar niet gecontroleerd." if stale
          else "Geen verouderde antwoorden: alles is in het afgelopen jaar gecontroleerd.")
    unchecked = _sources_not_checked_since(knowledge, limit)
    for where, checked in unchecked:
        print(f"{where}: bronnen laatst gecontroleerd {checked or 'nooit'}")
    print(f"{len(unchecked)} antwoord(en) of onderdeel/onderdelen waarvan de bronnen langer dan een jaar niet"
          " zijn gecontroleerd (veld reviewed)." if unchecked
          else "De bronnen (veld reviewed) zijn overal in het afgelopen jaar gecontroleerd.")
    return 0


def _sources_not_checked_since(knowledge: Path, limit: date) -> List[Tuple[str, str]]:
    """Entries and repair objects whose `reviewed` (the check against the sources) is older than
    `limit` or missing, oldest first."""
    def checked(raw: object) -> str:
        reviewed = raw.get("reviewed") if isinstance(raw, dict) else None
        day = reviewed.get("date") if isinstance(reviewed, dict) else None
        return day.isoformat() if isinstance(day, date) else str(day or "")

    found = []
    for path in sorted((knowledge / "entries").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and raw.get("status") != "retired":
            found.append((str(path), checked(raw)))
    repairs = yaml.safe_load((knowledge / "repairs.yml").read_text(encoding="utf-8")) or {}
    for item in repairs.get("objects") or []:
        found.append((f"{knowledge / 'repairs.yml'} ({item.get('id')})", checked(item)))
    return sorted(((w, c) for w, c in found if c < limit.isoformat()), key=lambda f: f[1])


def rapport(database_url: str) -> int:
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import OperationalError

    from huurwijzer.reports.unanswered import CATEGORIES, report, unanswered

    if database_url.startswith("sqlite:///") and not Path(database_url[len("sqlite:///"):]).exists():
        print("Er zijn nog geen gesprekken opgeslagen.")
        return 0
    try:
        with create_engine(database_url, future=True).connect() as conn:
            if not inspect(conn).has_table("events"):
                print("Er zijn nog geen gesprekken opgeslagen.")
                return 0
            lines = report(unanswered(conn))
    except OperationalError as exc:
        print(f"De gespreksdatabase is niet bereikbaar ({exc.orig}). Vraag de beheerder om hulp.")
        return 1
    if not lines:
        print("Geen onbeantwoorde vragen gevonden.")
        return 0
    current = None
    for line in lines:
        if line.category != current:
            current = line.category
            print(f"\n== {CATEGORIES[current]}")
        print(f"{line.count:4d} x  [{line.topic or '-'}]  {line.example}")
    return 0


def kennismaking(knowledge_dir: Path, database_url: str) -> int:
    """Onboarding: how many tenants did each step, and their rapportcijfers."""
    from sqlalchemy import create_engine, inspect
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.orm import Session

    from huurwijzer.content.onboarding_steps import load_steps
    from huurwijzer.conversation.onboarding import report
    from huurwijzer.privacy import mask
    from huurwijzer.tenancy.answer_feedback import per_entry as answer_feedback

    print("\n== Kennismaking nieuwe huurders")
    try:
        engine = create_engine(database_url, future=True)
        with Session(engine, future=True) as session:
            if not inspect(session.connection()).has_table("onboarding_progress"):
                print("Nog niemand heeft de kennismaking gedaan.")
                return 0
            result = report(session, load_steps(knowledge_dir / "onboarding.yml"))
    except OperationalError as exc:
        print(f"De database is niet bereikbaar ({exc.orig}). Vraag de beheerder om hulp.")
        return 1
    print(f"Gestart: {result.started} huurder(s) of gesprek(ken)")
    for count in result.per_step:
        share = f"{100 * count.completed / result.started:.0f}%" if result.started else "-"
        print(f"{count.completed:4d} x  {share:>4}  {count.title}")
    if result.average_score is None:
        print("Nog geen rapportcijfers.")
    else:
        average = f"{result.average_score:.1f}".replace(".", ",")
        print(f"Rapportcijfer: gemiddeld {average} ({result.scores} keer gegeven)")
    for comment in result.comments:
        print(f"  - {mask(comment)}")
    print("\n== Heeft dit geholpen? (website-chat, per antwoord)")
    with Session(engine, future=True) as session:
        feedback = answer_feedback(session) if inspect(session.connection()).has_table("answer_feedback") else ()
    if not feedback:
        print("Nog geen reacties.")
    for item in feedback:
        print(f"{item.helpful:4d} x ja  {item.not_helpful:4d} x nee  {item.knowledge_id}")
    return 0


def tracker_database_url() -> str:
    from huurwijzer.settings import get_settings

    return get_settings().tracker_url


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.kennis", description="Hulpmiddelen voor de kennisbank")
    parser.add_argument("--map", type=Path, default=KNOWLEDGE, help="de kennisbank-map (standaard knowledge/)")
    sub = parser.add_subparsers(dest="opdracht", required=True)
    sub.add_parser("controleer", help="controleer alle bestanden")
    new = sub.add_parser("nieuw", help="maak een nieuw antwoord")
    new.add_argument("id")
    new.add_argument("onderwerp")
    sub.add_parser("verouderd", help="antwoorden die langer dan een jaar niet zijn gecontroleerd")
    english = sub.add_parser("engels-klopt", help="Engelse teksten horen bij de huidige Nederlandse tekst")
    english.add_argument("ids", nargs="*", help="antwoorden of onderdelen; zonder: alleen nog niet vastgelegde")
    rep = sub.add_parser("rapport", help="vragen die de assistent niet kon beantwoorden")
    rep.add_argument("--database", help="SQLAlchemy-URL van de tracker store")
    rep.add_argument("--huurdata", help="SQLAlchemy-URL van de huurdersdatabase (kennismaking)")
    args = parser.parse_args(argv)
    if args.opdracht == "controleer":
        return controleer(args.map)
    if args.opdracht == "nieuw":
        return nieuw(args.map, args.id, args.onderwerp)
    if args.opdracht == "verouderd":
        return verouderd(args.map, date.today())
    if args.opdracht == "engels-klopt":
        return engels_klopt(args.map, args.ids)
    from huurwijzer.tenancy.database import database_url

    status = rapport(args.database or tracker_database_url())
    return kennismaking(args.map, args.huurdata or database_url()) or status


if __name__ == "__main__":
    sys.exit(main())
