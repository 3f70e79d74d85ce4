"""Knowledge entries (knowledge/entries/*.yml): one file per answer, curated by staff."""

from __future__ import annotations

import string
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple

import yaml

from huurwijzer.content.twin_fingerprints import ENTRY_TWINS, hidden

STATUSES = ("draft", "published", "retired")


class KnowledgeError(ValueError):
    """An entry file cannot be used; the message names the file and the problem in Dutch."""


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Entry:
    id: str
    topic: str
    title: str
    status: str
    owner: str
    last_reviewed: date
    overview: bool
    questions: Tuple[str, ...]
    answer: str
    links: Tuple[Link, ...]
    answer_en: Optional[str] = None  # the answer in English, when staff wrote one and it is not outdated
    # An outdated English answer (twin_fingerprints.hidden): never shown, only matched against English
    # questions, because it still says what the entry is about; the tenant then gets the Dutch answer.
    answer_en_outdated: Optional[str] = None
    title_en: Optional[str] = None  # the title in English, when staff wrote one and it is not outdated

    def shown_title(self, english: bool) -> str:
        """The title on a button: the English one for an English tenant when there is one."""
        return self.title_en if english and self.title_en else self.title


@dataclass(frozen=True)
class KnowledgeBase:
    entries: Tuple[Entry, ...]

    def published(self) -> Tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.status == "published")

    def get(self, entry_id: str) -> Optional[Entry]:
        for entry in self.entries:
            if entry.id == entry_id and entry.status == "published":
                return entry
        return None

    def by_topic(self, topic: str) -> Tuple[Entry, ...]:
        return tuple(e for e in self.published() if e.topic == topic)


def placeholders(text: str) -> List[str]:
    """The {names} a text uses."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def render(text: str, variables: Mapping[str, str]) -> str:
    """Fills {names} from the profile; unknown names are caught by the content check."""
    return text.format_map(_Strict(variables))


class _Strict(Dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise KnowledgeError(f"onbekend veld {{{key}}}")


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise KnowledgeError(f"{where}: veld '{key}' ontbreekt of is leeg")
    return value.strip()


def _optional_text(raw: Mapping[str, Any], key: str, where: str) -> Optional[str]:
    if raw.get(key) is None:
        return None
    return _text(raw, key, where)


def parse_entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{where}: het bestand bevat geen velden")
    status = _text(raw, "status", where)
    if status not in STATUSES:
        raise KnowledgeError(f"{where}: status moet draft, published of retired zijn")
    reviewed = raw.get("last_reviewed")
    if isinstance(reviewed, str):
        try:
            reviewed = date.fromisoformat(reviewed)
        except ValueError:
            reviewed = None
    if not isinstance(reviewed, date):
        raise KnowledgeError(f"{where}: last_reviewed moet een datum zijn als 2026-11-20")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not all(isinstance(q, str) and q.strip() for q in questions):
        raise KnowledgeError(f"{where}: questions moet een lijst met vragen zijn")
    english = _optional_text(raw, "answer_en", where)
    outdated = "answer_en" in hidden(raw, ENTRY_TWINS)
    title_en = None if "title_en" in hidden(raw, ENTRY_TWINS) else _optional_text(raw, "title_en", where)
    links = []
    for item in raw.get("links") or []:
        if not isinstance(item, Mapping) or not item.get("title") or not item.get("url"):
            raise KnowledgeError(f"{where}: elke link heeft een title en een url")
        links.append(Link(str(item["title"]), str(item["url"])))
    return Entry(
        id=_text(raw, "id", where),
        topic=_text(raw, "topic", where),
        title=_text(raw, "title", where),
        status=status,
        owner=_text(raw, "owner", where),
        last_reviewed=reviewed,
        overview=bool(raw.get("overview", False)),
        questions=tuple(q.strip() for q in questions),
        answer=_text(raw, "answer", where),
        links=tuple(links),
        answer_en=None if outdated else english,
        answer_en_outdated=english if outdated else None,
        title_en=title_en,
    )


# libyaml's loader when PyYAML has it: the same safe loading, about ten times faster. The pure-Python
# one made a reload after a staff edit cost 2-3 s inside a tenant's question, past the 2.5 s after
# which the Rasa server apologises (qa3).
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml_text(text: str) -> Any:
    return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - a safe loader


def read_yaml(path: Path) -> Any:
    """The parsed file; a syntax error becomes a KnowledgeError naming the file."""
    try:
        return load_yaml_text(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{path}: geen geldige YAML ({exc})") from exc


def entry_files(directory: Path) -> List[Path]:
    return sorted(directory.glob("*.yml"))


def load_entries(paths: Iterable[Path]) -> KnowledgeBase:
    entries = []
    for path in paths:
        entry = parse_entry(read_yaml(path), str(path))
        if entry.id != path.stem:
            raise KnowledgeError(f"{path}: id '{entry.id}' moet gelijk zijn aan de bestandsnaam")
        entries.append(entry)
    return KnowledgeBase(tuple(entries))
