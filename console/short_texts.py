"""The short texts in simple language (knowledge/kort.yml) in the console: one per knowledge
entry, for tenants who asked for help with the language. Reviewers change them; a change is live
at once (the action server reads the file within seconds), checked as the linter checks the file,
and kept as a version for the history."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import List, Mapping

from sqlalchemy.orm import Session

from console import store
from console.work import WorkError
from console.yaml_files import read_entries, read_short_texts, write_short_texts
from huurwijzer.content.knowledge import placeholders
from huurwijzer.content.profile import PROFILE_VARIABLES

KIND = KEY = "kort"


def problems(knowledge_dir: Path, texts: Mapping[str, str]) -> List[str]:
    """What the linter would refuse in kort.yml (huurwijzer.content.lint_folder), in Dutch."""
    published = {key for key, data in read_entries(knowledge_dir).items() if data.get("status") == "published"}
    found = []
    for entry_id, text in texts.items():
        if entry_id not in published:
            found.append(f"{entry_id}: geen gepubliceerd antwoord met dit id")
        unknown = sorted(set(placeholders(text)) - PROFILE_VARIABLES)
        found += [f"{entry_id}: onbekend veld {{{name}}}" for name in unknown]
    return found


def save(session: Session, knowledge_dir: Path, changed: Mapping[str, str], user: str, now: datetime) -> store.Version:
    """`changed`: entry id -> short text, an empty text removes the entry's short text. The other
    short texts in the file stay. Reviewer or admin (checked by the caller)."""
    texts = dict(read_short_texts(knowledge_dir))
    for entry_id, text in changed.items():
        cleaned = "\n".join(line.rstrip() for line in text.strip().splitlines())
        if cleaned:
            texts[entry_id] = cleaned
        else:
            texts.pop(entry_id, None)
    found = problems(knowledge_dir, texts)
    if found:
        raise WorkError("; ".join(found))
    version = store.add_version(session, KIND, KEY, "published", texts, user, now, "korte teksten gewijzigd")
    write_short_texts(knowledge_dir, texts)
    return version
