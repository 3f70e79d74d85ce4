"""What the console shows of English texts whose Dutch text changed after they were written
(huurwijzer/content/twin_fingerprints.py): the linter's warnings on the edit page, a mark beside
each such English field with the checkbox "Engelse tekst klopt nog", and a mark in the lists.
Warnings never block saving, offering for review or publishing."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Mapping

from console.repair_checks import in_page_words
from console.yaml_files import entry_text
from huurwijzer.content.fixed_twins import PROFILE, places
from huurwijzer.content.lint import key_lines, twin_problems
from huurwijzer.content.twin_fingerprints import NO_DUTCH, OUTDATED, TWINS, UNCONFIRMED, TwinState, needs_check

MARKS = {OUTDATED: "Engelse tekst verouderd", UNCONFIRMED: "Engelse tekst niet bevestigd",
         NO_DUTCH: "Engelse tekst zonder Nederlandse tekst"}
# Filter value of the lists: only what has an English text to look at again.
TO_CHECK = "nakijken"


def states(kind: str, data: Mapping[str, Any]) -> Dict[str, TwinState]:
    """English field -> its state, for the English texts to look at again."""
    return {s.english: s for s in needs_check(data, TWINS[kind])}


def marks(kind: str, data: Mapping[str, Any]) -> List[str]:
    """The marks of one row in a list, each once."""
    return sorted({MARKS[s.state] for s in needs_check(data, TWINS[kind])})


def warnings(kind: str, data: Mapping[str, Any]) -> List[str]:
    """The linter's warnings for this entry (`path:line: waarschuwing: ...`) or repair object (in the repair
    page's words: console.repair_checks) as it would be saved."""
    if kind == "entry":
        path = Path("knowledge") / "entries" / f"{data.get('id') or '?'}.yml"
        found = twin_problems(path, key_lines(entry_text(data)), "", data, TWINS[kind])
    else:
        found = twin_problems(Path("knowledge/repairs.yml"), {}, f"{data.get('id')}: ", data, TWINS[kind])
        return [in_page_words(p.message) for p in found]  # the repair page's words, no file path
    return [str(p) for p in found]


def profile_checks(knowledge_dir: Path) -> List[Dict[str, Any]]:
    """The English texts of corporation.yml to look at again (the profile page marks them and offers
    "Engelse tekst klopt nog"; the English texts themselves are edited in the file): per text its field
    (`ident`), the Dutch and the English text, and its state."""
    return [{"ident": place.ident, "dutch": place.data.get(twin.dutch), "english": place.data.get(twin.english),
             "state": twin.state}
            for place in places(knowledge_dir) if place.file == PROFILE
            for twin in needs_check(place.data, place.twins)]
