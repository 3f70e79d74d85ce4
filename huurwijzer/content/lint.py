"""Checks the content in knowledge/ and reports problems as `path:line: message` (Dutch),
so a staff member can open the file at that line and fix it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Sequence, Set, Tuple

import yaml

from huurwijzer.content.emergencies import parse_emergencies
from huurwijzer.content.knowledge import KnowledgeError, placeholders
from huurwijzer.content.profile import PROFILE_VARIABLES, TEMPLATE_FIELDS, ProfileError, parse_profile
from huurwijzer.content.repairs import parse_repairs
from huurwijzer.content.replies import ACTION_VARIABLES, parse_replies
from huurwijzer.content.translations import parse_translations
from huurwijzer.conversation.onboarding import parse_steps

MAX_ANSWER_CHARS = 1200  # longer answers belong behind a link (B1: short)
# "Zo staat het in de wet" may only be said of a repair object whose source is the Besluit kleine
# herstellingen or Book 7 of the Civil Code (the two texts on wetten.overheid.nl).
LAW_SOURCES = {"BWBR0014931": "Besluit kleine herstellingen", "BWBR0005290": "Burgerlijk Wetboek Boek 7"}
EMERGENCY_NUMBER = "112"
_UNITS = r"(uur|dag|dagen|werkdag|werkdagen|week|weken|maand|maanden|jaar)"
_PERIOD = re.compile(rf"\d+\s*{_UNITS}\b")
_AMOUNT = re.compile(r"€\s*(\d+(?:[.,]\d+)?)")
_PHONE = re.compile(r"(?<![\d-])(?:\+31|0)\d[\d \-]{6,13}\d(?![\d-])")
# What a tenant is told to call, in the order it appears: 112, a {number} of the profile, a number.
_CALLABLE = re.compile(r"(?<!\d)112(?!\d)|\{(spoednummer|telefoon|whatsapp)\}|" + _PHONE.pattern)


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def key_lines(text: str) -> Dict[str, int]:
    """Line (1-based) of each top-level key in a YAML mapping."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _schema_message(error: Any) -> str:
    field = ".".join(str(p) for p in error.path) or "het bestand"
    validator = error.validator
    if validator == "required":
        missing = str(error.message).split("'")[1]
        return f"veld '{missing}' ontbreekt"
    if validator == "additionalProperties":
        return f"onbekend veld in {field}: {error.message.split('(')[-1].rstrip(')')}; controleer de spelling"
    if validator == "enum":
        return f"{field}: kies uit {', '.join(map(str, error.validator_value))}"
    if validator == "minItems":
        return f"{field}: minstens {error.validator_value} nodig (nu {len(error.instance)})"
    if validator == "uniqueItems":
        return f"{field}: dezelfde vraag staat er twee keer in"
    if validator in ("minLength", "maxLength"):
        limit = "minstens" if validator == "minLength" else "hooguit"
        return f"{field}: {limit} {error.validator_value} tekens"
    if validator == "pattern":
        hints = {"id": "alleen kleine letters, cijfers en streepjes", "last_reviewed": "een datum als 2026-11-20"}
        return f"{field}: moet {hints.get(str(error.path[0]) if error.path else '', 'de juiste vorm hebben')} zijn"
    if validator == "type":
        kinds = {"string": "een tekst", "array": "een lijst", "boolean": "true of false", "object": "velden"}
        return f"{field}: moet {kinds.get(str(error.validator_value), error.validator_value)} zijn"
    return f"{field}: {error.message}"


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


def lint_entry(path: Path, raw: Any, lines: Mapping[str, int], schema: Mapping[str, Any],
               topics: Sequence[str]) -> List[Problem]:
    from jsonschema import Draft7Validator

    problems: List[Problem] = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(path, lines.get(key, 1), message))

    if isinstance(raw, dict) and isinstance(raw.get("last_reviewed"), date):
        raw = {**raw, "last_reviewed": raw["last_reviewed"].isoformat()}
    for error in sorted(Draft7Validator(schema).iter_errors(raw), key=lambda e: list(e.path)):
        add(str(error.path[0]) if error.path else "", _schema_message(error))
    if not isinstance(raw, dict):
        return problems
    for key in ("sources", "reviewed"):  # required by the code too, so an older schema cannot drop it
        message = f"veld '{key}' ontbreekt"
        if key not in raw and all(p.message != message for p in problems):
            add("", message)
    if raw.get("id") and raw["id"] != path.stem:
        add("id", f"id '{raw['id']}' moet gelijk zijn aan de bestandsnaam '{path.stem}'")
    if isinstance(raw.get("topic"), str) and raw["topic"] not in topics:
        add("topic", f"onbekend onderwerp '{raw['topic']}'; kies uit knowledge/topics.yml")
    known = PROFILE_VARIABLES
    for key in ("answer", "answer_en"):  # the Dutch answer and, when written, the English one
        answer: str = raw[key] if isinstance(raw.get(key), str) else ""
        try:
            unknown = sorted(set(placeholders(answer)) - known)
        except ValueError:
            unknown = []
            add(key, f"{key}: losse {{ of }} gevonden; gebruik accolades alleen rond een veldnaam")
        for name in unknown:
            add(key, f"{key}: onbekend veld {{{name}}}; zie de lijst in knowledge/README.md")
        if len(answer) > MAX_ANSWER_CHARS:
            size = f"{len(answer)} tekens, hooguit {MAX_ANSWER_CHARS}"
            add(key, f"{key}: te lang ({size}); zet details achter een link")
    for link in raw.get("links") or []:
        if isinstance(link, dict) and isinstance(link.get("url"), str):
            for name in set(placeholders(link["url"])) - known:
                add("links", f"links: onbekend veld {{{name}}}")
    return problems


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def typed_profile_values(text: str, variables: Mapping[str, str]) -> List[Tuple[str, str]]:
    """(name, value) of each profile value that is a period, an amount or a phone number and
    that `text` types out instead of using {name}: a change of the profile would not reach it."""
    found = []
    plain = _normal(text)
    digits_in_text = {re.sub(r"\D", "", m.group(0)) for m in _PHONE.finditer(text)}
    for name, value in sorted(variables.items()):
        if name not in TEMPLATE_FIELDS:
            continue
        value_plain = _normal(value)
        amount = _AMOUNT.search(value)
        typed_amount = bool(amount and re.search(rf"(?<![\d,.]){re.escape(amount.group(1))}(?![\d,])", text))
        typed_phone = bool(_PHONE.fullmatch(value.strip())) and re.sub(r"\D", "", value) in digits_in_text
        typed_period = bool(_PERIOD.search(value_plain)
                            and re.search(rf"(?<!\w){re.escape(value_plain)}(?!\w)", plain))
        if typed_amount or typed_phone or typed_period:
            found.append((name, value))
    return found


def _profile_values(path: Path) -> Dict[str, str]:
    """Every value the profile fills in that it has, also when another part of it is broken
    (that problem is reported on its own): the typed-value check must not switch off."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return {}
    values = {}
    for name, keys in TEMPLATE_FIELDS.items():
        node: Any = raw
        for key in keys:
            node = node.get(key) if isinstance(node, Mapping) else None
        if isinstance(node, (str, int, float)) and not isinstance(node, bool):
            values[name] = str(node).strip()
    return values


def _typed_problems(path: Path, line: int, where: str, text: str, variables: Mapping[str, str]) -> List[Problem]:
    return [Problem(path, line, f"{where}: '{value}' staat in het corporatieprofiel; schrijf {{{name}}} "
                                "zodat een wijziging van het profiel ook hier doorkomt")
            for name, value in typed_profile_values(text, variables)]


def source_problems(path: Path, line: int, where: str, raw: Mapping[str, Any]) -> List[Problem]:
    """Every repair object names its sources and who checked it when."""
    problems = []
    sources = raw.get("sources")
    if not isinstance(sources, list) or not sources:
        problems.append(Problem(path, line, f"{where}: 'sources' ontbreekt (wetsartikel of openbare pagina)"))
    else:
        for source in sources:
            url = source.get("url") if isinstance(source, Mapping) else None
            if not isinstance(url, str) or not re.match(r"^(https://|\{website\})", url) or not source.get("title"):
                problems.append(Problem(path, line, f"{where}: elke bron heeft een title en een url "
                                                    "(https:// of {website})"))
    reviewed = raw.get("reviewed")
    day = reviewed.get("date") if isinstance(reviewed, Mapping) else None
    if isinstance(day, date):
        day = day.isoformat()
    if not (isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day)
            and isinstance(reviewed, Mapping) and str(reviewed.get("by") or "").strip()):
        problems.append(Problem(path, line, f"{where}: 'reviewed' moet een datum (date) en een naam (by) hebben"))
    if raw.get("basis") == "wet":
        listed = sources if isinstance(sources, list) else []
        urls = " ".join(str(s.get("url")) for s in listed if isinstance(s, Mapping))
        if not any(code in urls for code in LAW_SOURCES):
            problems.append(Problem(path, line, f"{where}: basis 'wet' kan alleen met een bron uit het Besluit "
                                                "kleine herstellingen of het BW (wetten.overheid.nl); anders "
                                                "basis bij_ons of eigen"))
    return problems


def emergency_problems(answer: str, life_threatening: bool) -> List[str]:
    """An emergency answer names 112 or our emergency number before any other number; when life
    is at risk (fire, carbon monoxide, gas) 112 comes first."""
    first = _CALLABLE.search(answer)
    if first is None:
        return ["noemt geen 112 en geen {spoednummer}"]
    said = first.group(0)
    if life_threatening and said != EMERGENCY_NUMBER:
        return [f"bij levensgevaar moet 112 het eerste nummer zijn, niet {said}"]
    if said not in (EMERGENCY_NUMBER, "{spoednummer}"):
        return [f"het eerste nummer moet 112 of {{spoednummer}} zijn, niet {said}"]
    return []


def _line_of(path: Path, key: str) -> int:
    """The first line where `key:` starts (any indentation), for nested files like languages.yml."""
    text = path.read_text(encoding="utf-8")
    found = re.search(rf"^[ \t]*{re.escape(key)}:", text, re.M)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def lint_knowledge(knowledge_dir: Path) -> List[Problem]:
    """All problems in knowledge/, sorted by file and line."""
    problems: List[Problem] = []
    schema = json.loads((knowledge_dir / "schema" / "entry.schema.json").read_text(encoding="utf-8"))
    topics = list((yaml.safe_load((knowledge_dir / "topics.yml").read_text(encoding="utf-8")) or {}).get("topics", {}))
    overview_by_topic: Dict[str, Path] = {}
    variables = _profile_values(knowledge_dir / "corporation.yml")
    answers: Dict[str, str] = {}
    for path in sorted((knowledge_dir / "entries").glob("*.yml")):
        loaded = _load(path, problems)
        if loaded is None:
            continue
        raw, lines = loaded
        problems += lint_entry(path, raw, lines, schema, topics)
        if isinstance(raw, dict) and isinstance(raw.get("answer"), str):
            answers[str(raw.get("id"))] = raw["answer"]
            problems += _typed_problems(path, lines.get("answer", 1), "answer", raw["answer"], variables)
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
                    problems += _typed_problems(path, lines.get(key, 1), key, reply.text, variables)
            elif parser == "languages":
                reply_names = yaml.safe_load((knowledge_dir / "replies.yml").read_text(encoding="utf-8")) or {}
                translations = parse_translations(raw, str(path), set(reply_names))
                known = PROFILE_VARIABLES | ACTION_VARIABLES
                texts = [("english", translations.only_dutch), *((k, r.text) for k, r in translations.english.items()),
                         *translations.other.items()]
                for key, text in texts:
                    for var in set(placeholders(text)) - known:
                        problems.append(Problem(path, _line_of(path, key), f"{key}: onbekend veld {{{var}}}"))
            elif parser == "repairs":
                parse_repairs(raw, str(path))
                text = path.read_text(encoding="utf-8")
                for item in raw["objects"]:
                    found = re.search(rf"^[ \t]*- id: {re.escape(str(item.get('id')))}[ \t]*$", text, re.M)
                    line = text.count("\n", 0, found.start()) + 1 if found else 1
                    problems += source_problems(path, line, str(item.get("id")), item)
                    for key in ("explanation", "condition"):
                        if isinstance(item.get(key), str):
                            problems += _typed_problems(path, line, f"{item.get('id')}: {key}", item[key], variables)
                            try:
                                unknown = sorted(set(placeholders(item[key])) - PROFILE_VARIABLES)
                            except ValueError:
                                unknown = ["{"]
                            problems += [Problem(path, line, f"{item.get('id')}: {key}: onbekend veld {{{var}}}")
                                         for var in unknown]
            elif parser == "onboarding":
                text = path.read_text(encoding="utf-8")
                for step in parse_steps(raw, str(path)):
                    found = re.search(rf"^[ \t]*- id: {re.escape(step.id)}[ \t]*$", text, re.M)
                    line = text.count("\n", 0, found.start()) + 1 if found else 1
                    used = set(placeholders(step.text)) | set(placeholders(step.text_en or ""))
                    for var in used - PROFILE_VARIABLES - {"voorbeelden_klein"}:
                        problems.append(Problem(path, line, f"{step.id}: onbekend veld {{{var}}}"))
                    problems += _typed_problems(path, line, step.id, step.text, variables)
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
    return sorted(problems, key=lambda p: (str(p.path), p.line))


def _after_the_keys(path: Path, raw: Any, lines: Dict[str, int], published: Set[str]) -> List[Problem]:
    """The profile's sections for after the keys (opvolging, maatwerk, keuzes_bij_start) and
    knowledge/kort.yml: parseable, and only known {names} in the texts."""
    from huurwijzer.content.choices_profile import ChoiceError, parse_choices
    from huurwijzer.content.followup_plan import PlanError, parse_plan
    from huurwijzer.conversation.maatwerk import MaatwerkError, load_short_texts, parse_maatwerk

    problems: List[Problem] = []
    if not isinstance(raw, dict):
        return problems
    for key, parse in (("opvolging", parse_plan), ("maatwerk", parse_maatwerk), ("keuzes_bij_start", parse_choices)):
        try:
            parsed = parse(raw.get(key))
        except (PlanError, MaatwerkError, ChoiceError) as exc:
            problems.append(Problem(path, lines.get(key, 1), str(exc)))
            continue
        if key == "opvolging" and parsed is not None:
            for moment in parsed.moments:  # type: ignore[union-attr]
                for var in set(placeholders(moment.text)) - PROFILE_VARIABLES - {"voornaam"}:
                    problems.append(Problem(path, lines.get(key, 1), f"opvolging.{moment.id}: onbekend veld {{{var}}}"))
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
