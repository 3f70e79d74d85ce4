"""Checks all of knowledge/ with the content rules of lint.py: every entry, the profile, the fixed
texts, the repair table, the emergencies, the onboarding steps, the languages, the sections
for after the keys and the subjects that are not ours (not_ours_lint.py). Problems come back as
`path:line: message` (Dutch), sorted by file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Optional, Set, Tuple

import yaml

from huurwijzer.content.emergencies import parse_emergencies
from huurwijzer.content.fixed_twins import fixed_twin_problems
from huurwijzer.content.knowledge import KnowledgeError, placeholders
from huurwijzer.content.lint import (
    Problem,
    emergency_problems,
    key_lines,
    lint_entry,
    profile_values,
    source_problems,
    twin_problems,
    typed_problems,
)
from huurwijzer.content.not_ours_lint import not_ours_problems
from huurwijzer.content.onboarding_steps import parse_steps
from huurwijzer.content.profile import (
    ENGLISH_SUFFIX,
    PROFILE_VARIABLES,
    TEMPLATE_FIELDS,
    WORDED_FIELDS,
    ProfileError,
    english_twins,
    parse_profile,
)
from huurwijzer.content.repairs import parse_repairs
from huurwijzer.content.replies import ACTION_VARIABLES, ReplyText, parse_replies
from huurwijzer.content.translations import parse_translations
from huurwijzer.content.twin_fingerprints import ENTRY_TWINS, REPAIR_TWINS


def _load(path: Path, problems: List[Problem]) -> Optional[Tuple[Any, Dict[str, int]]]:
    """The parsed file and the line of each top-level key, or None after reporting bad YAML."""
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.safe_load(text), key_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        hint = "geen geldige YAML: controleer inspringing, dubbele punten en aanhalingstekens"
        problems.append(Problem(path, line, hint))
        return None


def _line_of(path: Path, key: str) -> int:
    """The first line where `key:` starts (any indentation), for nested files like languages.yml."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^[ \t]*{re.escape(key)}:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def _without_english_twin(knowledge_dir: Path) -> Set[str]:
    """The profile's worded fields that have no English twin (corporation.yml, "_en")."""
    try:
        raw = yaml.safe_load((knowledge_dir / "corporation.yml").read_text(encoding="utf-8"))
        return set(WORDED_FIELDS) - set(english_twins(raw)) if isinstance(raw, dict) else set()
    except (yaml.YAMLError, ProfileError):
        return set()  # reported with the profile itself


def _english_problems(path: Path, line: int, key: str, text: str, untranslated: Set[str]) -> List[Problem]:
    """An English text that would say a profile field in Dutch: its twin is missing."""
    try:
        used = set(placeholders(text))
    except ValueError:
        return []
    return [Problem(path, line, f"{key}: Engelse tekst gebruikt {{{var}}}, maar corporation.yml heeft geen "
                                f"Engelse versie ({'.'.join(TEMPLATE_FIELDS[var])}{ENGLISH_SUFFIX})")
            for var in sorted(used & untranslated)]


def _object_key_lines(text: str) -> Dict[str, Dict[str, int]]:
    """Per repair object id, the line of each of its fields (repairs.yml, under `objects`)."""
    node = yaml.compose(text)
    found: Dict[str, Dict[str, int]] = {}
    objects = next((v for k, v in node.value if k.value == "objects"), None) if isinstance(node, yaml.MappingNode) \
        else None
    for item in objects.value if isinstance(objects, yaml.SequenceNode) else []:
        if isinstance(item, yaml.MappingNode):
            fields = {k.value: k.start_mark.line + 1 for k, _ in item.value if isinstance(k, yaml.ScalarNode)}
            ident = next((v.value for k, v in item.value if k.value == "id" and isinstance(v, yaml.ScalarNode)), "")
            found[str(ident)] = fields
    return found


def lint_knowledge(knowledge_dir: Path) -> List[Problem]:
    """All problems in knowledge/, sorted by file and line."""
    problems: List[Problem] = []
    schema = json.loads((knowledge_dir / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    topics = list((yaml.safe_load((knowledge_dir / "topics.yml").read_text(encoding="utf-8")) or {}).get("topics", {}))
    overview_by_topic: Dict[str, Path] = {}
    variables = profile_values(knowledge_dir / "corporation.yml")
    untranslated = _without_english_twin(knowledge_dir)
    answers: Dict[str, str] = {}
    for path in sorted((knowledge_dir / "entries").glob("*.yml")):
        loaded = _load(path, problems)
        if loaded is None:
            continue
        raw, lines = loaded
        problems += lint_entry(path, raw, lines, schema, topics)
        if isinstance(raw, dict):
            problems += twin_problems(path, lines, "", raw, ENTRY_TWINS)
        if isinstance(raw, dict) and isinstance(raw.get("answer"), str):
            answers[str(raw.get("id"))] = raw["answer"]
            problems += typed_problems(path, lines.get("answer", 1), "answer", raw["answer"], variables)
        if isinstance(raw, dict) and isinstance(raw.get("answer_en"), str):
            problems += _english_problems(path, lines.get("answer_en", 1), "answer_en", raw["answer_en"], untranslated)
        if isinstance(raw, dict) and raw.get("status") == "published" and raw.get("overview") is True:
            other = overview_by_topic.setdefault(str(raw.get("topic")), path)
            if other != path:
                message = f"overview: {other.name} is al het algemene antwoord van dit onderwerp"
                problems.append(Problem(path, lines.get("overview", 1), message))
    published = set()
    for path in (knowledge_dir / "entries").glob("*.yml"):
        loaded = _load(path, [])
        if loaded and isinstance(loaded[0], dict) and loaded[0].get("status") == "published":
            published.add(str(loaded[0].get("id")))
    files = (("corporation.yml", "profile"), ("replies.yml", "replies"), ("repairs.yml", "repairs"),
             ("emergencies.yml", "emergencies"), ("onboarding.yml", "onboarding"), ("languages.yml", "languages"))
    for name, parser in files:
        path = knowledge_dir / name
        loaded = _load(path, problems)
        if loaded is None:
            continue
        raw, lines = loaded
        try:
            if parser == "profile":
                parse_profile(raw)
                problems.extend(_after_the_keys(path, raw, lines, published))
            elif parser == "replies":
                replies = parse_replies(raw, str(path))
                known = PROFILE_VARIABLES | ACTION_VARIABLES
                for key, reply in replies.items():
                    for var in set(placeholders(reply.text)) - known:
                        problems.append(Problem(path, lines.get(key, 1), f"{key}: onbekend veld {{{var}}}"))
                    problems += typed_problems(path, lines.get(key, 1), key, reply.text, variables)
            elif parser == "languages":
                reply_names = yaml.safe_load((knowledge_dir / "replies.yml").read_text(encoding="utf-8")) or {}
                dutch = {str(name): ReplyText(_dutch_text(reply_names, name), ()) for name in reply_names}
                translations = parse_translations(raw, str(path), dutch, hide_outdated=False)
                known = PROFILE_VARIABLES | ACTION_VARIABLES
                texts = [("english", translations.only_dutch), *((k, r.text) for k, r in translations.english.items()),
                         *translations.other.items()]
                for key, text in texts:
                    for var in set(placeholders(text)) - known:
                        problems.append(Problem(path, _line_of(path, key), f"{key}: onbekend veld {{{var}}}"))
                    problems += _english_problems(path, _line_of(path, key), key, text, untranslated)
            elif parser == "repairs":
                parse_repairs(raw, str(path))
                text = path.read_text(encoding="utf-8")
                field_lines = _object_key_lines(text)
                for item in raw["objects"]:
                    own_lines = field_lines.get(str(item.get("id")), {})
                    line = own_lines.get("id", 1)
                    problems += source_problems(path, line, str(item.get("id")), item)
                    problems += twin_problems(path, {k: own_lines.get(k, line) for k in item}, f"{item.get('id')}: ",
                                              item, REPAIR_TWINS)
                    for key in ("name_en", "explanation", "condition", "explanation_en", "condition_en"):
                        if key.endswith(ENGLISH_SUFFIX) and isinstance(item.get(key), str):
                            problems += _english_problems(path, line, f"{item.get('id')}: {key}", item[key],
                                                          untranslated)
                        if isinstance(item.get(key), str):
                            problems += typed_problems(path, line, f"{item.get('id')}: {key}", item[key], variables)
                            try:
                                unknown = sorted(set(placeholders(item[key])) - PROFILE_VARIABLES)
                            except ValueError:
                                unknown = ["{"]
                            problems += [Problem(path, line, f"{item.get('id')}: {key}: onbekend veld {{{var}}}")
                                         for var in unknown]
            elif parser == "onboarding":
                text = path.read_text(encoding="utf-8")
                for step in parse_steps(raw, str(path), hide_outdated=False):
                    found = re.search(rf"^[ \t]*- id: {re.escape(step.id)}[ \t]*$", text, re.M)
                    line = text.count("\n", 0, found.start()) + 1 if found else 1
                    used = set(placeholders(step.text)) | set(placeholders(step.text_en or ""))
                    for var in used - PROFILE_VARIABLES - {"voorbeelden_klein"}:
                        problems.append(Problem(path, line, f"{step.id}: onbekend veld {{{var}}}"))
                    problems += typed_problems(path, line, step.id, step.text, variables)
                    problems += _english_problems(path, line, step.id, step.text_en or "", untranslated)
            else:
                text = path.read_text(encoding="utf-8")
                for item in parse_emergencies(raw, str(path)).items:
                    found = re.search(rf"^\s+{re.escape(item.kind)}:", text, re.M)
                    line = text.count("\n", 0, found.start()) + 2 if found else 1
                    if item.entry_id not in published:
                        message = f"{item.kind}: antwoord '{item.entry_id}' bestaat niet of is niet gepubliceerd"
                        problems.append(Problem(path, line, message))
                        continue
                    for message in emergency_problems(answers.get(item.entry_id, ""), item.life_threatening):
                        problems.append(Problem(path, line, f"{item.kind}: antwoord '{item.entry_id}' {message}"))
        except (ProfileError, KnowledgeError) as exc:
            message = str(exc).replace(f"{path}: ", "")
            quoted = re.search(r"'([\w.]+)'", message)
            key = quoted.group(1).split(".")[0] if quoted else ""
            problems.append(Problem(path, lines.get(key, 1), message))
    problems += fixed_twin_problems(knowledge_dir)
    problems += not_ours_problems(knowledge_dir, variables)
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _dutch_text(replies: Any, name: Any) -> str:
    """The text of reply `name` in replies.yml as read (empty when it has none: reported there)."""
    item = replies.get(name) if isinstance(replies, dict) else None
    return str(item.get("text") or "") if isinstance(item, dict) else ""


def _field_line(path: Path, message: str, section_line: int) -> int:
    """The line of the field a message names ('maatwerk.zorg.route' ...): its deepest key found in
    the file, so `path:line:` points at the field to fix; else the section's line."""
    named = re.search(r"'([\w.]+)'", message)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8")) if named else None
    except (OSError, yaml.YAMLError):
        node = None
    line = section_line
    for key in named.group(1).split(".") if named else ():
        found = next(((k, v) for k, v in node.value if k.value == key), None) \
            if isinstance(node, yaml.MappingNode) else None
        if found is None:
            break
        line, node = found[0].start_mark.line + 1, found[1]
    return line


def _moment_names(path: Path, section: Any, fallback_line: int) -> List[Problem]:
    """Unknown {names} in the follow-up texts, the English one also while it is outdated (a tenant
    does not see it then, but will once the fingerprint is renewed)."""
    problems: List[Problem] = []
    text = path.read_text(encoding="utf-8")
    for item in section.get("momenten") or []:
        found = re.search(rf"^[ \t]*- id: {re.escape(str(item.get('id')))}[ \t]*$", text, re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else fallback_line
        written = [item.get(k) for k in ("tekst", "tekst_en")]
        named = {var for value in written if isinstance(value, str) for var in placeholders(value)}
        for var in sorted(named - PROFILE_VARIABLES - {"voornaam"}):
            problems.append(Problem(path, line, f"opvolging.{item.get('id')}: onbekend veld {{{var}}}"))
    return problems


def _after_the_keys(path: Path, raw: Any, lines: Dict[str, int], published: Set[str]) -> List[Problem]:
    """The profile's sections for after the keys (opvolging, maatwerk, keuzes_bij_start) and
    knowledge/kort.yml: parseable, and only known {names} in the texts."""
    from huurwijzer.content.choices_profile import ChoiceError, parse_choices
    from huurwijzer.content.followup_plan import PlanError, parse_plan
    from huurwijzer.content.maatwerk_profile import MaatwerkError, load_short_texts, parse_maatwerk

    problems: List[Problem] = []
    if not isinstance(raw, dict):
        return problems
    for key, parse in (("opvolging", parse_plan), ("maatwerk", parse_maatwerk), ("keuzes_bij_start", parse_choices)):
        try:
            parsed = parse(raw.get(key))
        except (PlanError, MaatwerkError, ChoiceError) as exc:
            problems.append(Problem(path, _field_line(path, str(exc), lines.get(key, 1)), str(exc)))
            continue
        if key == "opvolging" and parsed is not None:
            problems += _moment_names(path, raw[key], lines.get(key, 1))
    short_file = path.parent / "kort.yml"
    try:
        short = load_short_texts(short_file)
    except (MaatwerkError, yaml.YAMLError) as exc:
        return [*problems, Problem(short_file, 1, str(exc).replace(f"{short_file}: ", ""))]
    text = short_file.read_text(encoding="utf-8") if short_file.exists() else ""
    for entry_id, body in short.items():
        found = re.search(rf"^{re.escape(entry_id)}:", text, re.M)
        line = text.count("\n", 0, found.start()) + 1 if found else 1
        if entry_id not in published:
            problems.append(Problem(short_file, line, f"{entry_id}: geen gepubliceerd antwoord met dit id"))
        for var in set(placeholders(body)) - PROFILE_VARIABLES:
            problems.append(Problem(short_file, line, f"{entry_id}: onbekend veld {{{var}}}"))
    return problems
