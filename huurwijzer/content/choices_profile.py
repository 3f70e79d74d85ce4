"""Choices at the start in the profile (section `keuzes_bij_start` of knowledge/corporation.yml):
which options a new tenant may choose between. Parsing only; the conversation is huurwijzer.conversation.choices."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional, Tuple

from huurwijzer.content.knowledge import load_yaml_text

SECTION = "keuzes_bij_start"


class ChoiceError(ValueError):
    """The section is malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Option:
    id: str
    title: str
    confirmation: str


@dataclass(frozen=True)
class Choice:
    id: str
    question: str
    options: Tuple[Option, ...]

    def option(self, option_id: str) -> Optional[Option]:
        return next((o for o in self.options if o.id == option_id), None)


def _text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ChoiceError(f"{where}: '{key}' ontbreekt")
    return " ".join(value.split())


def parse_choices(raw: Any) -> Tuple[Choice, ...]:
    """The choices that are on; none when the section is missing."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ChoiceError(f"'{SECTION}' moet een lijst zijn")
    choices = []
    for item in raw:
        if not isinstance(item, Mapping):
            raise ChoiceError(f"elke keuze in '{SECTION}' heeft een id, vraag en opties")
        where = f"{SECTION}.{item.get('id')}"
        if not isinstance(item.get("aan", True), bool):
            raise ChoiceError(f"{where}: 'aan' moet true of false zijn")
        options = item.get("opties")
        if not isinstance(options, list) or len(options) < 2:
            raise ChoiceError(f"{where}: geef minstens twee opties")
        parsed = tuple(Option(_text(o, "id", where), _text(o, "titel", where), _text(o, "bevestiging", where))
                       for o in options if isinstance(o, Mapping))
        if len(parsed) != len(options) or len({o.id for o in parsed}) != len(parsed):
            raise ChoiceError(f"{where}: elke optie heeft een eigen id, een titel en een bevestiging")
        choice = Choice(_text(item, "id", where), _text(item, "vraag", where), parsed)
        if item.get("aan", True):
            choices.append(choice)
    if len({c.id for c in choices}) != len(choices):
        raise ChoiceError(f"{SECTION}: elk id mag één keer voorkomen")
    return tuple(choices)


def choices_in(corporation: Any) -> Tuple[Choice, ...]:
    """The choices at the start in the parsed corporation.yml (read once by the loader)."""
    raw = corporation or {}
    return parse_choices(raw.get(SECTION) if isinstance(raw, Mapping) else None)


def load_choices(corporation_file: Path) -> Tuple[Choice, ...]:
    return choices_in(load_yaml_text(corporation_file.read_text(encoding="utf-8")))
