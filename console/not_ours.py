"""Subjects that are not ours (knowledge/niet-van-ons/, huurwijzer.content.not_ours) in the console: staff
read them, a reviewer adds, changes, removes and restores them. A change is live at once (the NLU gate and
the action server reread the folder within seconds), checked by the same linter as `bot.kennis controleer`
(huurwijzer.content.not_ours_lint) before the file is written, and kept as a version for the history (the
console's `versions` table, kind `niet-van-ons`; a removed subject's last version has the state `retired`)."""

from __future__ import annotations

import hashlib
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional

import yaml
from sqlalchemy.orm import Session

from console import store
from console.yaml_files import ENTRY_ID, atomic_write
from huurwijzer.content.lint import key_lines, profile_values
from huurwijzer.content.not_ours import FIELDS, FOLDER, subject_files
from huurwijzer.content.not_ours_lint import not_ours_problems

KIND = FOLDER
LISTS = ("woorden", "woorden_en", "behalve")  # the fields with one word or phrase a line
TEXTS = ("naam", "antwoord", "antwoord_en")
FILE_WIDTH = 110  # the word lists fold like the files staff wrote by hand
ID_EXAMPLE = "school-en-kinderopvang"
# The hidden form field with the fingerprint of the file the form was opened on.
FILE_FIELD = "bestand"

Problems = Dict[str, List[str]]  # form field -> the linter's messages for it


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


def path_of(knowledge_dir: Path, key: str) -> Path:
    return knowledge_dir / FOLDER / f"{key}.yml"


def _flow_list(key: str, words: List[Any]) -> str:
    """`key: [a, b, ...]` folded between words, never inside a phrase."""
    items = [yaml.dump([str(w)], Dumper=_Dumper, allow_unicode=True, default_flow_style=True,
                       width=100000).strip()[1:-1] for w in words]
    lines, line = [], f"{key}: ["
    for number, item in enumerate(items):
        piece = item + ("]" if number == len(items) - 1 else ",")
        if len(line) + 1 + len(piece) > FILE_WIDTH and not line.endswith(("[", "  ")):
            lines.append(line)
            line = "  " + piece
        else:
            line += ("" if line.endswith(("[", "  ")) else " ") + piece
    return "\n".join([*lines, line]) + "\n"


def subject_text(data: Mapping[str, Any]) -> str:
    """The file of one subject: its fields in the schema's order, empty ones left out."""
    return "".join(_flow_list(key, data[key]) if isinstance(data[key], list)
                   else yaml.dump({key: data[key]}, Dumper=_Dumper, allow_unicode=True, width=100000)
                   for key in FIELDS if data.get(key))


def read_subject(path: Path) -> Dict[str, Any]:
    """The fields of a subject's file as staff wrote them; empty when the file cannot be read as fields."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return {}
    return dict(raw) if isinstance(raw, dict) else {}


def subjects(knowledge_dir: Path) -> Dict[str, Dict[str, Any]]:
    """Every subject's file name (without .yml) and fields, by file name."""
    return {path.stem: read_subject(path) for path in subject_files(knowledge_dir)}


def fingerprint(knowledge_dir: Path, key: str) -> str:
    """Tells whether a subject's file changed since a form was opened on it."""
    path = path_of(knowledge_dir, key)
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else ""


def from_form(form: Mapping[str, str], key: str) -> Dict[str, Any]:
    """The subject as the form says: a word list has one word or phrase a line (a comma also separates)."""
    data: Dict[str, Any] = {"id": key}
    for field in FIELDS[1:]:
        raw = str(form.get(field, ""))
        if field in LISTS:
            data[field] = [w.strip() for w in re.split(r"[\n,]", raw) if w.strip()]
        else:
            data[field] = "\n".join(line.rstrip() for line in raw.strip().splitlines())
    return data


def form_text(data: Mapping[str, Any], field: str) -> str:
    """A field as the form shows it: a word list one a line."""
    value = data.get(field)
    if isinstance(value, list):
        return "\n".join(str(w) for w in value)
    return "" if value is None else str(value)


def _field_of(message: str, line: int, lines: Mapping[str, int]) -> str:
    """The form field a linter message is about: the one it names first, else the one on its line."""
    named = re.match(r"'?(\w+)'?[: ]", message)
    if named and named.group(1) in FIELDS:
        return named.group(1)
    starts = sorted((at, key) for key, at in lines.items() if key in FIELDS)
    return next((key for at, key in reversed(starts) if at <= line), "id")


def problems(knowledge_dir: Path, data: Mapping[str, Any], *, new: bool) -> Problems:
    """The linter's messages for this subject as it would be saved, by form field (the other subjects as
    they are: a word another subject has is reported here)."""
    key = str(data.get("id") or "")
    if not ENTRY_ID.fullmatch(key):
        return {"id": [f"Kies een id met kleine letters, cijfers en streepjes, bijvoorbeeld {ID_EXAMPLE}."]}
    if new and path_of(knowledge_dir, key).exists():
        return {"id": [f"Er is al een onderwerp met het id {key}. Kies een ander id."]}
    text = subject_text(data)
    others = [path for path in subject_files(knowledge_dir) if path.stem != key]
    variables = profile_values(knowledge_dir / "corporation.yml")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{key}.yml"
        path.write_text(text, encoding="utf-8")
        found = [p for p in not_ours_problems(knowledge_dir, variables, [*others, path]) if p.path == path]
    lines = key_lines(text)
    by_field: Problems = {}
    for problem in found:
        field = _field_of(problem.message, problem.line, lines)
        by_field.setdefault(field, []).append(re.sub(rf"^{field}: ", "", problem.message))
    return by_field


class SubjectError(ValueError):
    """The subject cannot be saved; `problems` says why, by form field."""

    def __init__(self, found: Problems) -> None:
        super().__init__("; ".join(m for messages in found.values() for m in messages))
        self.problems = found


def save(session: Session, knowledge_dir: Path, data: Mapping[str, Any], user: str, now: datetime, *,
         new: bool, note: str = "") -> store.Version:
    """Writes the subject's file when the linter finds nothing (SubjectError otherwise) and records the
    version; the file as it was before the console first changed it is recorded first. Reviewer or admin
    (checked by the caller). `note` says in the history what happened (default: new or changed)."""
    found = problems(knowledge_dir, data, new=new)
    if found:
        raise SubjectError(found)
    key = str(data["id"])
    path = path_of(knowledge_dir, key)
    if path.exists() and not store.history(session, KIND, key):
        store.add_version(session, KIND, key, "published", read_subject(path), "bestand", now,
                          "zoals het bestand was")
    kept = {field: data[field] for field in FIELDS if data.get(field)}
    version = store.add_version(session, KIND, key, "published", kept, user, now,
                                note or ("nieuw onderwerp" if new else "gewijzigd"))
    atomic_write(path, subject_text(kept))
    return version


def stale(knowledge_dir: Path, key: str, seen: Optional[str]) -> bool:
    """Someone changed the file after this form was opened (the form's hidden field `bestand`)."""
    return seen is not None and seen != fingerprint(knowledge_dir, key)


def remove(session: Session, knowledge_dir: Path, key: str, user: str, now: datetime) -> store.Version:
    """Deletes the subject's file (the assistant stops using it within seconds) and records the file as it
    was as a removed version, so it can be restored from the history. Reviewer or admin (checked by the
    caller); the caller has checked that the file did not change since the page was opened."""
    path = path_of(knowledge_dir, key)
    data = read_subject(path)
    if not store.history(session, KIND, key):
        store.add_version(session, KIND, key, "published", data, "bestand", now, "zoals het bestand was")
    version = store.add_version(session, KIND, key, "retired", data, user, now, "verwijderd")
    path.unlink()
    return version


def removed(session: Session, knowledge_dir: Path) -> Dict[str, store.Version]:
    """The subjects removed in the console whose file is still gone, each with its last version."""
    return {key: document.live for key, document in store.documents(session, KIND).items()
            if document.live is not None and document.live.state == "retired"
            and not path_of(knowledge_dir, key).exists()}


def last_version(history: List[store.Version]) -> str:
    """Tells whether a removed subject's history (newest first) changed since its page was opened."""
    return str(history[0].id) if history else ""


def version_of(session: Session, version_id: int, key: str) -> Optional[store.Version]:
    """One version of `key`'s history (None when it is no version of that subject)."""
    found = store.version_by_id(session, version_id)
    return found if found is not None and found.kind == KIND and found.key == key else None


def restore(session: Session, knowledge_dir: Path, old: store.Version, user: str, now: datetime) -> store.Version:
    """Writes an old version back as the subject's file, checked like a new subject (SubjectError: a word may
    be another subject's by now). Reviewer or admin (checked by the caller)."""
    return save(session, knowledge_dir, {**old.data, "id": old.key}, user, now, new=True,
                note=f"teruggezet van versie {old.id} ({old.created_at:%d-%m-%Y %H:%M})")
