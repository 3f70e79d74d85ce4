"""What staff do with entries, repair objects and the profile: save a draft, offer it for review,
publish, retire, restore an older version; and import from / export to knowledge/.

Publishing writes the file in knowledge/ at once, so an answer-text change is live within the
action server's reload interval, without retraining. New phrasings take effect at the next
training (they are generated from the published files)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence

import yaml
from sqlalchemy.orm import Session

from console import store
from console.repair_checks import repair_problems as repair_problems
from console.repair_checks import until_published
from console.yaml_files import ENTRY_ID as ENTRY_ID  # also the form of a repair object's id
from console.yaml_files import (
    PROFILE_FIELDS,
    entry_text,
    read_entries,
    read_profile_fields,
    read_repairs,
    stamp_fixed_twins,
    write_entry,
    write_profile_fields,
    write_repairs,
)
from huurwijzer.content.fixed_twins import maatwerk_places, profile_places, value_at
from huurwijzer.content.knowledge import KnowledgeError, render
from huurwijzer.content.lint import LOOSE_BRACES, key_lines, lint_entry
from huurwijzer.content.loader import load_full_profile
from huurwijzer.content.maatwerk_profile import MaatwerkError, parse_maatwerk
from huurwijzer.content.profile import PROFILE_VARIABLES, ProfileError, parse_profile

PROFILE_KEY = "corporation"


class WorkError(ValueError):
    """A step that cannot be taken; the message is Dutch and says what to do."""


@dataclass(frozen=True)
class Counts:
    entries: int
    repairs: int
    profile: int


def topics(knowledge_dir: Path) -> Dict[str, str]:
    """Topic id and its Dutch description."""
    raw = yaml.safe_load((knowledge_dir / "topics.yml").read_text(encoding="utf-8")) or {}
    return {str(key): str(value) for key, value in (raw.get("topics") or {}).items()}


def topic_name(description: str) -> str:
    """A topic's short Dutch name: its description up to the first colon, comma, bracket or full
    stop ("Huur betalen, incasso, ..." -> "Huur betalen"), so the name has one place, topics.yml."""
    name = re.split(r"[:,(.]", description, maxsplit=1)[0].strip()
    return name[:1].upper() + name[1:] if name else description


TOPIC_NAMES_FILE = Path(__file__).with_name("onderwerpen.yml")


def topic_names(knowledge_dir: Path) -> Dict[str, str]:
    """Topic id -> the short Dutch name staff read (console/onderwerpen.yml, else from topics.yml)."""
    names = yaml.safe_load(TOPIC_NAMES_FILE.read_text(encoding="utf-8")) or {}
    return {key: str(names.get(key) or topic_name(text)) for key, text in topics(knowledge_dir).items()}


# ---- checks -------------------------------------------------------------------------------

def entry_problems(knowledge_dir: Path, data: Mapping[str, Any]) -> List[str]:
    """The command-line linter's messages (`path:line: message`) for this entry as it would be saved."""
    entry_id = str(data.get("id") or "")
    if not ENTRY_ID.fullmatch(entry_id):
        return [f"knowledge/entries/{entry_id or '?'}.yml:1: id: gebruik kleine letters, cijfers en streepjes,"
                " bijvoorbeeld glasschade-melden"]
    schema = json.loads((knowledge_dir / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    text = entry_text(until_published(data))
    path = Path("knowledge") / "entries" / f"{entry_id}.yml"
    found = lint_entry(path, yaml.safe_load(text), key_lines(text), schema, list(topics(knowledge_dir)))
    return [str(p) for p in found]


def reviewed_now(data: Mapping[str, Any], user: str, now: datetime) -> Dict[str, Any]:
    """Publishing is the content check: the reviewer and the day are recorded in `reviewed`."""
    return {**data, "reviewed": {"date": now.date().isoformat(), "by": user}}


def profile_problems(knowledge_dir: Path, fields: Mapping[str, Any]) -> List[str]:
    raw = yaml.safe_load((knowledge_dir / "corporation.yml").read_text(encoding="utf-8"))
    try:
        parse_profile({**raw, **fields})
        parse_maatwerk({**raw, **fields}.get("maatwerk"))
    except (ProfileError, MaatwerkError) as exc:
        return [f"knowledge/corporation.yml: {exc}"]
    return []


def preview(knowledge_dir: Path, answer: str) -> str:
    """The answer as a tenant would read it, profile fields filled in; a problem is shown instead."""
    profile = load_full_profile(knowledge_dir)
    try:
        return render(answer, profile.variables)
    except KnowledgeError as exc:
        return f"(Voorbeeld niet mogelijk: {exc})"
    except (ValueError, IndexError):  # Python's own (English) words for a stray brace are no help to staff
        return f"(Voorbeeld niet mogelijk: {LOOSE_BRACES})"


# ---- workflow -----------------------------------------------------------------------------

def _problems(knowledge_dir: Path, kind: str, data: Mapping[str, Any]) -> List[str]:
    if kind == "entry":
        return entry_problems(knowledge_dir, data)
    if kind == "repair":
        return repair_problems(data)
    return profile_problems(knowledge_dir, data)


def save(session: Session, knowledge_dir: Path, kind: str, key: str, data: Mapping[str, Any], user: str,
         now: datetime, *, submit: bool, new: bool = False) -> store.Version:
    """A draft (or, with `submit`, a version offered for review). Problems are refused only when
    offering for review: a draft may be unfinished."""
    if new and store.document(session, kind, key) is not None:
        raise WorkError(f"'{key}' bestaat al; kies een andere naam.")
    if kind == "entry":
        data = {**data, "status": "draft"}
    problems = _problems(knowledge_dir, kind, data)
    if submit and problems:
        raise WorkError("Los eerst deze punten op: " + "; ".join(problems))
    return store.add_version(session, kind, key, "review" if submit else "draft", data, user, now,
                             "ter beoordeling aangeboden" if submit else "concept opgeslagen")


def publish(session: Session, knowledge_dir: Path, kind: str, key: str, user: str, now: datetime) -> store.Version:
    document = store.document(session, kind, key)
    if document is None or document.work is None:
        raise WorkError("Er is geen nieuwe versie om te publiceren.")
    data: Dict[str, Any] = dict(document.work.data)
    if kind == "entry":
        data = {**data, "status": "published", "last_reviewed": now.date().isoformat()}
    if kind in ("entry", "repair"):
        data = reviewed_now(data, user, now)
    problems = _problems(knowledge_dir, kind, data)
    if problems:
        raise WorkError("Publiceren kan nog niet: " + "; ".join(problems))
    version = store.add_version(session, kind, key, "published", data, user, now, "gepubliceerd")
    _write(session, knowledge_dir, kind)
    return version


def send_back(session: Session, kind: str, key: str, user: str, now: datetime, reason: str) -> store.Version:
    document = store.document(session, kind, key)
    if document is None or document.work is None or document.work.state != "review":
        raise WorkError("Er ligt niets ter beoordeling.")
    return store.add_version(session, kind, key, "draft", document.work.data, user, now,
                             f"teruggestuurd: {reason}" if reason else "teruggestuurd")


def retire(session: Session, knowledge_dir: Path, kind: str, key: str, user: str, now: datetime) -> store.Version:
    """An entry stays in its file as retired (never answered, never trained); a repair object
    leaves repairs.yml. Both can be restored from the history."""
    document = store.document(session, kind, key)
    if document is None or document.live is None or document.live.state != "published":
        raise WorkError("Alleen iets wat gepubliceerd is, kan worden ingetrokken.")
    data = {**document.live.data, "status": "retired"} if kind == "entry" else dict(document.live.data)
    version = store.add_version(session, kind, key, "retired", data, user, now, "ingetrokken")
    _write(session, knowledge_dir, kind)
    return version


def restore(session: Session, version_id: int, user: str, now: datetime) -> store.Version:
    """An older text back as a new draft; it goes live after review like any change."""
    old = store.version_by_id(session, version_id)
    if old is None:
        raise WorkError("Die versie bestaat niet.")
    if old.kind not in ("entry", "repair"):
        # The profile has no review step, so a draft of it could never be published.
        raise WorkError("Alleen kennisbank-items en reparatie-onderdelen kunt u terugzetten. Het profiel "
                        "wijzigt een beheerder op de profielpagina.")
    data = {**old.data, "status": "draft"} if old.kind == "entry" else dict(old.data)
    return store.add_version(session, old.kind, old.key, "draft", data, user, now,
                             f"teruggezet van versie {old.id} ({old.created_at:%d-%m-%Y %H:%M})")


def save_profile(session: Session, knowledge_dir: Path, fields: Mapping[str, Any], user: str,
                 now: datetime, confirmed: Sequence[str] = ()) -> store.Version:
    """Admin only (checked by the caller): the profile has no review step, it is live at once. An
    English text changed in this save, or one in `confirmed` (English twins by their field, such as
    `servicenormen.spoed`), is recorded as a translation of the Dutch text saved with it."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise WorkError(f"Deze velden kunnen hier niet worden gewijzigd: {', '.join(sorted(unknown))}")
    current = read_profile_fields(knowledge_dir)
    merged = {**current, **fields}
    problems = profile_problems(knowledge_dir, merged)
    if problems:
        raise WorkError("; ".join(problems))
    version = store.add_version(session, "profile", PROFILE_KEY, "published", merged, user, now, "profiel gewijzigd")
    english = [p.ident for p in (*profile_places(current), *maatwerk_places(current)) for twin in p.twins
               if str(value_at(merged, (*p.path, twin))) != str(value_at(current, (*p.path, twin)))]
    write_profile_fields(knowledge_dir, merged)
    if english or confirmed:  # without names it would stamp every unconfirmed English text
        stamp_fixed_twins(knowledge_dir, [*english, *confirmed])
    return version


# ---- files --------------------------------------------------------------------------------

def _write(session: Session, knowledge_dir: Path, kind: str, keys: Optional[List[str]] = None) -> None:
    live = {key: doc.live for key, doc in store.documents(session, kind).items() if doc.live is not None}
    if kind == "entry":
        for key, version in live.items():
            if keys is None or key in keys:
                write_entry(knowledge_dir, version.data)
    elif kind == "repair":
        # The file's order stays (the matcher prefers earlier objects on a tie); new objects go last,
        # retired ones leave the file.
        in_file = read_repairs(knowledge_dir) if (knowledge_dir / "repairs.yml").exists() else []
        objects = []
        for obj in in_file:
            current = live.get(str(obj.get("id")))
            if current is None:
                objects.append(obj)
            elif current.state == "published":
                objects.append(dict(current.data))
        known = {o.get("id") for o in in_file}
        objects += [dict(v.data) for k, v in live.items() if k not in known and v.state == "published"]
        write_repairs(knowledge_dir, objects)
    elif PROFILE_KEY in live:
        write_profile_fields(knowledge_dir, live[PROFILE_KEY].data)


def import_from(session: Session, knowledge_dir: Path, user: str, now: datetime) -> Counts:
    """Takes the files as the published state; only what differs from it becomes a new version."""
    counts = {"entry": 0, "repair": 0, "profile": 0}

    def take(kind: str, key: str, data: Mapping[str, Any], state: str) -> None:
        document = store.document(session, kind, key)
        if document is None or document.live is None or dict(document.live.data) != dict(data) \
                or document.live.state != state:
            store.add_version(session, kind, key, state, data, user, now, "ingelezen uit knowledge/")
            counts[kind] += 1

    for key, data in read_entries(knowledge_dir).items():
        if not ENTRY_ID.fullmatch(key) or data.get("id") != key:  # the id is the file name, nothing else
            continue
        status = str(data.get("status"))
        take("entry", key, data, status if status in ("published", "retired") else "draft")
    for data in read_repairs(knowledge_dir):
        take("repair", str(data.get("id")), data, "published")
    take("profile", PROFILE_KEY, read_profile_fields(knowledge_dir), "published")
    return Counts(counts["entry"], counts["repair"], counts["profile"])


def export_to(session: Session, knowledge_dir: Path) -> None:
    """Writes the published state: every live entry file, the repair list and the profile fields."""
    for kind in ("entry", "repair", "profile"):
        _write(session, knowledge_dir, kind)


def variables() -> List[str]:
    return sorted(PROFILE_VARIABLES)
