"""Subjects that are not the corporation's (issue 15, out of scope): a mortgage, a private landlord, other
benefits and taxes, health care ... kept by staff in knowledge/niet-van-ons/, one file per subject (the staff
guide knowledge/README.md, "Niet van ons"). Each subject has the words that mark it, the phrases that keep a
message ours although it has such a word (`behalve`: "huurwoning kopen"), and where the tenant should go
instead (`antwoord`, and `antwoord_en` for a question in English). The gate reads a message that names one as
out of scope (huurwijzer.conversation.not_ours_gate); the reply is the subject's answer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, List, Mapping, Optional, Pattern, Sequence, Tuple

from huurwijzer.content.knowledge import KnowledgeError, load_yaml_text
from huurwijzer.content.repair_matching import normalise

FOLDER = "niet-van-ons"
FIELDS = ("id", "naam", "woorden", "woorden_en", "behalve", "antwoord", "antwoord_en")
REQUIRED = ("id", "naam", "woorden", "antwoord")
MIN_LETTERS = 3  # a shorter word ("ik", "de") would mark almost every message


@dataclass(frozen=True)
class Subject:
    id: str
    name: str
    words: Pattern[str]  # woorden and woorden_en together: an English question names the same subject
    exceptions: Optional[Pattern[str]]
    answer: str
    answer_en: Optional[str] = None

    def named_in(self, text: str, question: Optional[str] = None) -> bool:
        """The message names this subject (in `question`, its question sentences, when given) and none of its
        exceptions (anywhere in `text`)."""
        low = normalise(text)
        asked = low if question is None else normalise(question)
        return self.words.search(asked) is not None and (self.exceptions is None or not self.exceptions.search(low))


def word_pattern(words: Sequence[str]) -> Pattern[str]:
    """Whole words or phrases, accents and punctuation as `normalise` reads them; a word ending in * may be
    longer ("hypothe*" is "hypotheek" and "hypotheekrente")."""
    parts = []
    for word in words:
        star = word.strip().endswith("*")
        stem = normalise(word.strip().rstrip("*"))
        parts.append(r"\s+".join(re.escape(w) for w in stem.split()) + (r"\w*" if star else ""))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def word_list(raw: Mapping[str, Any], key: str) -> List[str]:
    """The list under `key` (empty when it is missing); KnowledgeError when it is not a list of texts."""
    value = raw.get(key)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(w, str) and normalise(w.rstrip("*")) for w in value):
        raise KnowledgeError(f"'{key}' moet een lijst met woorden of zinnetjes zijn")
    return list(value)


def parse_subject(raw: Any) -> Subject:
    if not isinstance(raw, Mapping):
        raise KnowledgeError("het bestand moet velden bevatten (id, naam, woorden, antwoord)")
    for key in REQUIRED:
        if not isinstance(raw.get(key), (str, list)) or not raw.get(key):
            raise KnowledgeError(f"'{key}' ontbreekt")
    for key in ("id", "naam", "antwoord", "antwoord_en"):
        if key in raw and not (isinstance(raw[key], str) and raw[key].strip()):
            raise KnowledgeError(f"'{key}' moet een tekst zijn")
    words = word_list(raw, "woorden") + word_list(raw, "woorden_en")
    exceptions = word_list(raw, "behalve")
    if not word_list(raw, "woorden"):
        raise KnowledgeError("'woorden' moet minstens één woord hebben")
    return Subject(str(raw["id"]), str(raw["naam"]), word_pattern(words),
                   word_pattern(exceptions) if exceptions else None, str(raw["antwoord"]),
                   str(raw["antwoord_en"]) if raw.get("antwoord_en") else None)


def subject_files(knowledge_dir: Path) -> List[Path]:
    return sorted((knowledge_dir / FOLDER).glob("*.yml"))


def load_subjects(files: Sequence[Path]) -> Tuple[Subject, ...]:
    """The subjects of `files`; KnowledgeError (with the file's name) for the first that cannot be read: the
    assistant then keeps the last good version (huurwijzer.content.file_cache)."""
    subjects = []
    for path in files:
        try:
            subjects.append(parse_subject(load_yaml_text(path.read_text(encoding="utf-8"))))
        except KnowledgeError as exc:
            raise KnowledgeError(f"{path}: {exc}") from exc
    return tuple(subjects)


def subject_named(subjects: Sequence[Subject], text: str, question: Optional[str] = None) -> Optional[Subject]:
    """The first subject (by file name) the message names (in `question` when given), without one of its
    exceptions."""
    return next((subject for subject in subjects if subject.named_in(text, question)), None)
