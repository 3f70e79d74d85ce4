"""The content check of knowledge/niet-van-ons/ (subjects that are not ours, huurwijzer.content.not_ours):
every problem as `path:line: message` in Dutch, on the line staff must change (`make kennis-controle`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set

import yaml

from huurwijzer.content.knowledge import KnowledgeError, placeholders
from huurwijzer.content.lint import Problem, key_lines, typed_problems
from huurwijzer.content.not_ours import FIELDS, MIN_LETTERS, parse_subject, subject_files, word_list
from huurwijzer.content.profile import PROFILE_VARIABLES
from huurwijzer.content.repair_matching import normalise


def _line_of_word(text: str, start: int, word: str) -> int:
    """The line of `word` in its list (the list starts on line `start`), else `start`."""
    lines = text.splitlines()
    for number in range(start, len(lines) + 1):
        if re.search(rf"(?<![\w*]){re.escape(word)}(?![\w*])", lines[number - 1]):
            return number
    return start


def _answer_problems(path: Path, lines: Mapping[str, int], raw: Mapping[str, Any],
                     variables: Mapping[str, str]) -> List[Problem]:
    problems: List[Problem] = []
    for key in ("antwoord", "antwoord_en"):
        answer = raw.get(key)
        if not isinstance(answer, str):
            continue
        line = lines.get(key, 1)
        try:
            unknown = sorted(set(placeholders(answer)) - PROFILE_VARIABLES)
        except ValueError:
            unknown = ["{"]
        problems += [Problem(path, line, f"{key}: onbekend veld {{{var}}}") for var in unknown]
        problems += typed_problems(path, line, key, answer, variables)
    if raw.get("woorden_en") and not raw.get("antwoord_en"):
        problems.append(Problem(path, lines.get("woorden_en", 1), "woorden_en staat er, maar antwoord_en ontbreekt: "
                                "schrijf het antwoord ook in het Engels, of haal woorden_en weg"))
    return problems


def _word_problems(path: Path, text: str, lines: Mapping[str, int], raw: Mapping[str, Any],
                   elsewhere: Dict[str, Path]) -> List[Problem]:
    problems: List[Problem] = []
    exceptions = {normalise(w.rstrip("*")) for w in word_list(raw, "behalve")}
    for key in ("woorden", "woorden_en"):
        for word in word_list(raw, key):
            stem = normalise(word.rstrip("*"))
            line = _line_of_word(text, lines.get(key, 1), word.strip())
            if len(stem.replace(" ", "")) < MIN_LETTERS:
                problems.append(Problem(path, line, f"{key}: '{word}' is te kort (minstens {MIN_LETTERS} letters); "
                                                    "zo'n woord staat in bijna elk bericht"))
            if stem in exceptions:
                problems.append(Problem(path, line, f"{key}: '{word}' staat ook onder behalve; haal het bij een "
                                                    "van de twee weg"))
            other = elsewhere.setdefault(stem, path)
            if other != path:
                problems.append(Problem(path, line, f"{key}: '{word}' staat ook bij {other.name}; een woord hoort "
                                                    "bij één onderwerp"))
    return problems


def not_ours_problems(knowledge_dir: Path, variables: Mapping[str, str],
                      files: Optional[Sequence[Path]] = None) -> List[Problem]:
    """All problems of the files in knowledge/niet-van-ons/ (`variables`: the profile's values, typed_problems).
    `files` instead, in this order: a word in two files is reported on the later one (the console checks a
    subject as staff typed it last, console/not_ours.py)."""
    problems: List[Problem] = []
    elsewhere: Dict[str, Path] = {}
    ids: Set[str] = set()
    for path in subject_files(knowledge_dir) if files is None else files:
        text = path.read_text(encoding="utf-8")
        try:
            raw = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            problems.append(Problem(path, mark.line + 1 if mark else 1, "geen geldige YAML: controleer inspringing, "
                                                                         "dubbele punten en aanhalingstekens"))
            continue
        lines = key_lines(text)
        if isinstance(raw, dict):
            for key in raw:
                if key not in FIELDS:
                    problems.append(Problem(path, lines.get(str(key), 1), f"onbekend veld '{key}'; kies uit "
                                                                           f"{', '.join(FIELDS)}"))
        try:
            parse_subject(raw)
        except KnowledgeError as exc:
            quoted = re.search(r"'(\w+)'", str(exc))
            problems.append(Problem(path, lines.get(quoted.group(1), 1) if quoted else 1, str(exc)))
            continue
        if str(raw["id"]) != path.stem:
            problems.append(Problem(path, lines.get("id", 1), f"id: '{raw['id']}' moet gelijk zijn aan de "
                                                              f"bestandsnaam zonder .yml ('{path.stem}')"))
        elif raw["id"] in ids:
            problems.append(Problem(path, lines.get("id", 1), f"id: '{raw['id']}' bestaat al"))
        ids.add(str(raw["id"]))
        problems += _word_problems(path, text, lines, raw, elsewhere)
        problems += _answer_problems(path, lines, raw, variables)
    return problems

