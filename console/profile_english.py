"""The English texts of corporation.yml that the profile page does not show: each follow-up moment's
message (`opvolging.momenten[].tekst_en`) and the rewards programme's benefits
(`beloningsprogramma.voordelen_en`). Admin only, like the profile; live at once, checked as the
linter checks the file, and kept as a version for the history and the form's conflict check.

An English text written or changed here is recorded as a translation of today's Dutch text (its
fingerprint, twin_fingerprints); an emptied one is removed with its fingerprint, so the Dutch text goes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import yaml
from sqlalchemy.orm import Session

from console import store
from console.work import WorkError
from console.yaml_files import TextChange, stamp_fixed_twins, write_profile_texts
from huurwijzer.content.knowledge import placeholders
from huurwijzer.content.profile import PROFILE_VARIABLES
from huurwijzer.content.rewards_profile import (
    DUTCH_FIELD,
    ENGLISH_FIELD,
    REWARDS_TWINS,
    SECTION,
    RewardsError,
    benefit_twin_data,
    check_english,
)
from huurwijzer.content.twin_fingerprints import CURRENT, MOMENT_TWINS, twin_states

KIND, KEY = "engels", "corporation"
MOMENTS = ("opvolging", "momenten")
MOMENT_NAMES = PROFILE_VARIABLES | {"voornaam"}  # what a follow-up message may fill in


@dataclass(frozen=True)
class EnglishText:
    """One English text on the page, beside the Dutch text it translates."""

    ident: str  # the moment's id, or BENEFITS
    label: str  # what staff read: the moment's purpose, or the programme's name
    dutch: str
    english: str
    state: Optional[str]  # twin_fingerprints' state when it is not current (shown as a mark); else None


BENEFITS = "voordelen"  # the ident of the benefits' text


def _raw(knowledge_dir: Path) -> Mapping[str, Any]:
    raw = yaml.safe_load((knowledge_dir / "corporation.yml").read_text(encoding="utf-8"))
    return raw if isinstance(raw, Mapping) else {}


def _moments(raw: Mapping[str, Any]) -> List[Mapping[str, Any]]:
    moments = (raw.get(MOMENTS[0]) or {}).get(MOMENTS[1]) if isinstance(raw.get(MOMENTS[0]), Mapping) else None
    return [m for m in moments if isinstance(m, Mapping) and m.get("id")] if isinstance(moments, list) else []


def _state(data: Mapping[str, Any], twins: Mapping[str, str]) -> Optional[str]:
    states = [s.state for s in twin_states(data, twins) if s.state != CURRENT]
    return states[0] if states else None


def _lines(value: Any) -> str:
    return "\n".join(str(b) for b in value) if isinstance(value, list) else ""


def english_texts(knowledge_dir: Path) -> List[EnglishText]:
    """The follow-up moments in the file's order, then the benefits (when the profile has the programme)."""
    raw = _raw(knowledge_dir)
    found = [EnglishText(str(m["id"]), str(m.get("doel") or m["id"]), " ".join(str(m.get("tekst") or "").split()),
                         " ".join(str(m.get("tekst_en") or "").split()), _state(m, MOMENT_TWINS))
             for m in _moments(raw)]
    rewards = raw.get(SECTION)
    if isinstance(rewards, Mapping):
        found.append(EnglishText(BENEFITS, str(rewards.get("naam") or SECTION), _lines(rewards.get(DUTCH_FIELD)),
                                 _lines(rewards.get(ENGLISH_FIELD)), _state(benefit_twin_data(rewards),
                                                                            REWARDS_TWINS)))
    return found


def _benefit_list(text: str) -> List[str]:
    return [line.strip(" -\t") for line in text.splitlines() if line.strip(" -\t")]


def problems(knowledge_dir: Path, posted: Mapping[str, str]) -> List[str]:
    """What would be refused, in Dutch: an unknown moment, a {name} a message cannot fill in, English
    benefits that do not match the Dutch ones (one per benefit) or promise priority for repairs."""
    raw = _raw(knowledge_dir)
    known = {str(m["id"]) for m in _moments(raw)}
    found = []
    for ident, text in posted.items():
        if ident == BENEFITS:
            rewards = raw.get(SECTION)
            benefits = _benefit_list(text)
            if not isinstance(rewards, Mapping):
                found.append("Het profiel heeft geen beloningsprogramma: er zijn geen voordelen om te vertalen.")
                continue
            try:
                check_english({**rewards, ENGLISH_FIELD: benefits or None})
            except RewardsError as exc:
                found.append(f"Voordelen (Engels): {str(exc).split(': ', 1)[-1]}")
        elif ident not in known:
            found.append(f"Onbekend opvolgmoment '{ident}': laad de pagina opnieuw.")
        else:
            for name in sorted(set(placeholders(text)) - MOMENT_NAMES):
                found.append(f"Bericht {ident} (Engels): onbekend veld {{{name}}}. Gebruik alleen velden uit het "
                             "profiel of {voornaam}.")
    return found


def _changes(knowledge_dir: Path, posted: Mapping[str, str]) -> Tuple[List[TextChange], List[str]]:
    """The file changes for the posted texts that differ from the file, and the fixed_twins idents to stamp."""
    before = {t.ident: t.english for t in english_texts(knowledge_dir)}
    changes: List[TextChange] = []
    stamp: List[str] = []
    indexes = {str(m["id"]): i for i, m in enumerate(_moments(_raw(knowledge_dir)))}
    for ident, text in posted.items():
        if ident == BENEFITS:
            value: Any = _benefit_list(text)
            if "\n".join(value) != before.get(ident, ""):
                changes.append(((SECTION,), ENGLISH_FIELD, value or None, DUTCH_FIELD))
                stamp += [f"{SECTION}.{DUTCH_FIELD}"] if value else []
        else:
            value = " ".join(text.split())
            if value != before.get(ident, ""):
                changes.append(((*MOMENTS, indexes[ident]), "tekst_en", value or None, "tekst"))
                stamp += [f"opvolging.{ident}"] if value else []
    return changes, stamp


def save(session: Session, knowledge_dir: Path, posted: Mapping[str, str], user: str,
         now: datetime) -> Optional[store.Version]:
    """`posted`: moment id (or BENEFITS) -> its English text; empty removes it. The other texts stay.
    None when nothing changed."""
    found = problems(knowledge_dir, posted)
    if found:
        raise WorkError(" ".join(found))
    changes, stamp = _changes(knowledge_dir, posted)
    if not changes:
        return None
    write_profile_texts(knowledge_dir, changes)
    if stamp:
        stamp_fixed_twins(knowledge_dir, stamp)
    saved: Dict[str, Any] = {t.ident: t.english for t in english_texts(knowledge_dir)}
    return store.add_version(session, KIND, KEY, "published", saved, user, now, "Engelse berichten gewijzigd")


def history(session: Session) -> Sequence[store.Version]:
    return store.history(session, KIND, KEY)
