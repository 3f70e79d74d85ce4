"""The content rules: what makes a knowledge entry, a repair object or an emergency answer wrong,
reported as `path:line: message` (Dutch) so a staff member can open the file at that line and fix
it. The console checks one entry or repair object with these; lint_folder.py checks all of knowledge/."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Dict, List, Mapping, Sequence, Tuple

import yaml

from huurwijzer.content.knowledge import placeholders
from huurwijzer.content.profile import PROFILE_VARIABLES, TEMPLATE_FIELDS
from huurwijzer.content.twin_fingerprints import NO_DUTCH, SUFFIX, UNCONFIRMED, needs_check, stray_fingerprints

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
    # A warning asks for a look but blocks nothing: publishing goes on, `make kennis-controle` passes.
    warning: bool = False

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {'waarschuwing: ' if self.warning else ''}{self.message}"


LOOSE_BRACES = "losse { of } gevonden; gebruik accolades alleen rond een veldnaam"


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
        hint = hints.get(str(error.path[0]) if error.path else "")
        if hint:
            return f"{field}: moet {hint} zijn"
        # Any other pattern (a source's web address): the schema's own Dutch description says the form.
        described = str(error.schema.get("description") or "").rstrip(".")
        form = f" ({described[0].lower()}{described[1:]})" if described else ""
        return f"{field}: heeft niet de juiste vorm{form}"
    if validator == "type":
        kinds = {"string": "een tekst", "array": "een lijst", "boolean": "true of false", "object": "velden"}
        return f"{field}: moet {kinds.get(str(error.validator_value), error.validator_value)} zijn"
    return f"{field}: {error.message}"


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
            add(key, f"{key}: {LOOSE_BRACES}")
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


def typedprofile_values(text: str, variables: Mapping[str, str]) -> List[Tuple[str, str]]:
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


def profile_values(path: Path) -> Dict[str, str]:
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


def typed_problems(path: Path, line: int, where: str, text: str, variables: Mapping[str, str]) -> List[Problem]:
    return [Problem(path, line, f"{where}: '{value}' staat in het corporatieprofiel; schrijf {{{name}}} "
                                "zodat een wijziging van het profiel ook hier doorkomt")
            for name, value in typedprofile_values(text, variables)]


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


DUTCH_NAMES = {"answer": "het Nederlandse antwoord", "title": "de Nederlandse titel", "name": "de Nederlandse naam",
               "explanation": "de Nederlandse uitleg", "condition": "de Nederlandse voorwaarde",
               "titel": "de Nederlandse titel", "replies.yml": "de Nederlandse tekst met dezelfde naam"}
CONFIRM_HINT = "Engelse tekst klopt nog"  # the console's checkbox, named in the messages


def twin_problems(path: Path, lines: Mapping[str, int], where: str, data: Mapping[str, Any],
                  twins: Mapping[str, str], confirm: str = "") -> List[Problem]:
    """A warning per English text that may no longer say what its Dutch text says (twin_fingerprints.py).
    A warning, not an error: an urgent Dutch correction must not wait for its translation. `confirm`
    says how to confirm one that still holds (default: the console's checkbox)."""
    problems = []
    how = confirm or f"vink dan in de beheeromgeving '{CONFIRM_HINT}' aan en sla op"
    for twin in needs_check(data, twins):
        dutch = f"{DUTCH_NAMES.get(twin.dutch, 'de Nederlandse tekst')} ({twin.dutch})"
        fix = (f"Controleer de Engelse tekst en pas hem zo nodig aan; klopt hij, {how} "
               f"(wie het bestand zelf bewerkt: zet {twin.key}: '{twin.expected}')")
        if twin.state == NO_DUTCH:
            message = f"er is geen {dutch.split(' ', 1)[1]} meer; verwijder de Engelse tekst of schrijf de Nederlandse"
        elif twin.state == UNCONFIRMED:
            message = f"niet vastgelegd bij welke Nederlandse tekst deze Engelse tekst hoort. {fix}"
        else:
            message = f"Engelse tekst verouderd: {dutch} is gewijzigd sinds deze Engelse tekst is geschreven " \
                      f"of bevestigd. {fix}"
        problems.append(Problem(path, lines.get(twin.english, 1), f"{where}{twin.english}: {message}", warning=True))
    for key in stray_fingerprints(data, twins):
        english = key[:-len(SUFFIX)]
        problems.append(Problem(path, lines.get(key, 1), f"{where}{key}: hoort bij {english}, maar die tekst is er "
                                                         "niet; verwijder deze regel", warning=True))
    return problems
