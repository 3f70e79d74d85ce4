"""For which Dutch text an English twin was written.

Beside each English text of an entry or repair object (`answer_en`, `title_en`, `name_en`,
`explanation_en`, `condition_en`) the content keeps `<english field>_of`: the first 8 hex characters of the sha256
of the Dutch text it translates (whitespace normalised, so re-wrapping a line changes nothing).
When the Dutch text changes, the fingerprint no longer matches and the English text counts as
outdated until staff check it and confirm it: the console does so when an English text is saved or
"Engelse tekst klopt nog" is ticked, `make kennis-engels-klopt` for files edited by hand. The
linter (lint.py) and the console both judge with `twin_states`, and both stamp with `confirm`/`restamp`.

A tenant never reads an outdated English text (`hidden`): the loaders treat it as absent, so the
Dutch text is served as when no English text was written. An unconfirmed one is still served."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping

# English field -> the Dutch field it translates.
ENTRY_TWINS: Mapping[str, str] = {"answer_en": "answer", "title_en": "title"}
REPAIR_TWINS: Mapping[str, str] = {"name_en": "name", "explanation_en": "explanation", "condition_en": "condition"}
TWINS = {"entry": ENTRY_TWINS, "repair": REPAIR_TWINS}
# The fixed texts (fixed_twins.py): each onboarding step, and each English reply of languages.yml,
# whose Dutch text is the reply of the same name in replies.yml.
STEP_TWINS: Mapping[str, str] = {"titel_en": "titel", "tekst_en": "tekst"}
REPLY_DUTCH = "replies.yml"
REPLY_TWINS: Mapping[str, str] = {"text": REPLY_DUTCH}
# A maatwerk team of corporation.yml (`maatwerk.vroeghulp`, ...): its name, and for care the route.
MAATWERK_TWINS: Mapping[str, str] = {"team_en": "team", "route_en": "route"}
# A follow-up moment of corporation.yml (`opvolging.momenten`): its message.
MOMENT_TWINS: Mapping[str, str] = {"tekst_en": "tekst"}
SUFFIX = "_of"

CURRENT = "actueel"
OUTDATED = "verouderd"  # the Dutch text changed since the English one was written or confirmed
UNCONFIRMED = "onbevestigd"  # no fingerprint: nobody recorded which Dutch text it translates
NO_DUTCH = "zonder_nederlands"  # an English text whose Dutch text is gone


@dataclass(frozen=True)
class TwinState:
    english: str  # the English field, e.g. "answer_en"
    dutch: str  # the Dutch field it translates, e.g. "answer"
    state: str
    expected: str  # the fingerprint of today's Dutch text

    @property
    def key(self) -> str:
        return fingerprint_key(self.english)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def fingerprint(dutch: str) -> str:
    return hashlib.sha256(_normal(dutch).encode("utf-8")).hexdigest()[:8]


def fingerprint_key(english: str) -> str:
    return english + SUFFIX


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def state_of(dutch: str, recorded: Any) -> str:
    """The state of an English text that translates `dutch` and records `recorded` (None: nothing)."""
    if not dutch.strip():
        return NO_DUTCH
    if recorded is None:
        return UNCONFIRMED
    return CURRENT if str(recorded) == fingerprint(dutch) else OUTDATED  # a hand-typed 12345678 reads as a number


def twin_states(data: Mapping[str, Any], twins: Mapping[str, str]) -> List[TwinState]:
    """The state of every English text `data` has, in the order of `twins`."""
    return [TwinState(english, dutch, state_of(_text(data, dutch), data.get(fingerprint_key(english))),
                      fingerprint(_text(data, dutch)))
            for english, dutch in twins.items() if _text(data, english).strip()]


# Shown to a tenant: a current English text, and an unconfirmed one (nobody recorded its Dutch text;
# hiding those would hide most English content written before fingerprints). An outdated one, or one
# whose Dutch text was emptied, may say what the Dutch text no longer says: the Dutch text wins.
SERVED = frozenset({CURRENT, UNCONFIRMED})


def hidden(data: Mapping[str, Any], twins: Mapping[str, str]) -> FrozenSet[str]:
    """The English fields of `data` a tenant must not be shown (loaders treat them as absent)."""
    return frozenset(s.english for s in twin_states(data, twins) if s.state not in SERVED)


def needs_check(data: Mapping[str, Any], twins: Mapping[str, str]) -> List[TwinState]:
    """The English texts a staff member should look at again."""
    return [s for s in twin_states(data, twins) if s.state != CURRENT]


def stray_fingerprints(data: Mapping[str, Any], twins: Mapping[str, str]) -> List[str]:
    """Fingerprint fields whose English text is not there (left over after it was removed)."""
    return [fingerprint_key(e) for e in twins if fingerprint_key(e) in data and not _text(data, e).strip()]


def _placed(data: Mapping[str, Any], english: str, value: str) -> Dict[str, Any]:
    """`data` with the fingerprint of `english` set; a new one goes right after its English text."""
    key = fingerprint_key(english)
    if key in data:
        return {**data, key: value}
    placed: Dict[str, Any] = {}
    for name, item in data.items():
        placed[name] = item
        if name == english:
            placed[key] = value
    placed.setdefault(key, value)
    return placed


def confirm(data: Mapping[str, Any], twins: Mapping[str, str], english: Iterable[str] = ()) -> Dict[str, Any]:
    """`data` with the English texts named in `english` recorded as translations of today's Dutch
    text, and fingerprints without an English text removed."""
    result = {k: v for k, v in data.items() if k not in stray_fingerprints(data, twins)}
    for field in english:
        if field in twins and _text(result, field).strip():
            result = _placed(result, field, fingerprint(_text(result, twins[field])))
    return result


def restamp(before: Mapping[str, Any], after: Mapping[str, Any], twins: Mapping[str, str],
            confirmed: Iterable[str] = ()) -> Dict[str, Any]:
    """`after` as saved from `before`: an English text written or changed in this save, or one staff
    confirmed, is recorded as a translation of the Dutch text saved with it; an English text left as
    it was keeps its fingerprint, so a change of only the Dutch text leaves it outdated."""
    changed = [e for e in twins if _normal(_text(after, e)) != _normal(_text(before, e))]
    return confirm(after, twins, [*changed, *confirmed])
