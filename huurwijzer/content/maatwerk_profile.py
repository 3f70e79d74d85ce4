"""The `maatwerk` section of knowledge/corporation.yml (teams, response times, the care route,
buttons in simple language) and the short texts in knowledge/kort.yml, as staff write them.
What the answers change for a tenant is in huurwijzer.conversation.maatwerk.

A team may have an English name (`team_en`) and the care route an English text (`route_en`), each
with its fingerprint (`team_en_of`, twin_fingerprints.MAATWERK_TWINS); an outdated one is treated as
absent, and where there is none an English tenant reads the Dutch text (`Team.shown`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Optional

from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.content.twin_fingerprints import MAATWERK_TWINS, hidden

SECTION = "maatwerk"
MONEY, CARE, CONTACT_PERSON, LATER_DEBIT = "geldzaken", "zorg", "contactpersoon", "later_incasso"


class MaatwerkError(ValueError):
    """The `maatwerk` section or kort.yml is malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Team:
    name: str  # Dutch: also what staff see on a task
    working_days: int
    name_en: Optional[str] = None  # served to English tenants; None: the Dutch name

    def shown(self, english: bool) -> str:
        return self.name_en if english and self.name_en else self.name


@dataclass(frozen=True)
class Maatwerk:
    early_help: Team
    care: Team
    care_route: str
    later_debit: Team
    max_buttons: int
    care_route_en: Optional[str] = None  # served to English tenants; None: the Dutch route

    def route(self, english: bool) -> str:
        return self.care_route_en if english and self.care_route_en else self.care_route

    def team_for(self, kind: str) -> Team:
        return {MONEY: self.early_help, CARE: self.care, CONTACT_PERSON: self.care,
                LATER_DEBIT: self.later_debit}[kind]


def _english(item: Mapping[str, Any], field: str, where: str) -> Optional[str]:
    """The English twin `field` of `item` as a tenant may read it (None when absent, empty or outdated)."""
    value = item.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MaatwerkError(f"'{where}.{field}' moet een tekst zijn (of weglaten)")
    if not value.strip() or field in hidden(item, MAATWERK_TWINS):
        return None
    return " ".join(value.split())


def _team(raw: Mapping[str, Any], key: str) -> Team:
    item = raw.get(key)
    if not isinstance(item, Mapping) or not isinstance(item.get("team"), str) or not item["team"].strip():
        raise MaatwerkError(f"'maatwerk.{key}.team' ontbreekt")
    days = item.get("reactietijd_werkdagen")
    if not isinstance(days, int) or days < 1:
        raise MaatwerkError(f"'maatwerk.{key}.reactietijd_werkdagen' moet een heel getal van 1 of meer zijn")
    return Team(item["team"].strip(), days, _english(item, "team_en", f"maatwerk.{key}"))


def parse_maatwerk(raw: Any) -> Optional[Maatwerk]:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise MaatwerkError("'maatwerk' moet velden bevatten (vroeghulp, zorg, later_incasso, eenvoudige_taal)")
    care = raw.get("zorg") or {}
    route = care.get("route") if isinstance(care, Mapping) else None
    if not isinstance(route, str) or not route.strip():
        raise MaatwerkError("'maatwerk.zorg.route' ontbreekt: de weg naar de Wmo en woningaanpassingen")
    simple = raw.get("eenvoudige_taal") or {}
    buttons = simple.get("max_knoppen", 2) if isinstance(simple, Mapping) else None
    if not isinstance(buttons, int) or buttons < 0:
        raise MaatwerkError("'maatwerk.eenvoudige_taal.max_knoppen' moet een heel getal zijn")
    return Maatwerk(_team(raw, "vroeghulp"), _team(raw, "zorg"), " ".join(route.split()),
                    _team(raw, "later_incasso"), buttons, _english(care, "route_en", "maatwerk.zorg"))


def maatwerk_in(corporation: Any) -> Optional[Maatwerk]:
    """The maatwerk section in the parsed corporation.yml (read once by the loader)."""
    raw = corporation or {}
    return parse_maatwerk(raw.get(SECTION) if isinstance(raw, Mapping) else None)


def load_short_texts(path: Path) -> Mapping[str, str]:
    """knowledge/kort.yml: entry id -> short text. A missing file means no short texts."""
    if not path.exists():
        return MappingProxyType({})
    raw = load_yaml_text(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, Mapping) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                               for k, v in raw.items()):
        raise MaatwerkError(f"{path}: elke regel is 'item-id: korte tekst'")
    return MappingProxyType({k: v.strip() for k, v in raw.items()})
