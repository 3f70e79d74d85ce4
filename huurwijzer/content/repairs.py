"""Who repairs what: the repair responsibility table (knowledge/repairs.yml) and its matcher.

A pattern is a few word stems that must all occur in the message, in any order. A stem of four
or more letters may sit inside a word, so compounds match ("badkamerkraan" has "kraan");
shorter stems must be the word itself or the word plus a Dutch inflection ("lek", "lekt",
"lekkage"), so "vlo" does not match "vloer". The most specific match wins: most matched words
first, then most letters. So "dakgoot lek" (landlord) beats "dakgoot" alone, and "dak lekt bij
de schoorsteen" is about the roof, not the chimney.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, FrozenSet, List, Mapping, Optional, Sequence, Tuple

from huurwijzer.content.knowledge import KnowledgeError, read_yaml
from huurwijzer.content.repair_matching import (
    NameIndex,
    PatternIndex,
    index_names,
    index_patterns,
    match_patterns,
    normalise,
    pattern_stems,
    rank_candidates,
)
from huurwijzer.content.twin_fingerprints import REPAIR_TWINS, hidden

PARTIES = ("huurder", "verhuurder", "anders")
# wet: Besluit kleine herstellingen or the Civil Code; bij_ons: this corporation's onderhouds-ABC;
# eigen: the tenant's own things (or taken over from the previous tenant), not a repair of the home.
BASES = ("wet", "bij_ons", "eigen")
CANDIDATES = 5
# Damage the tenant (or household, or pet) caused is always for the tenant (onderhoudsABC practice).
_OWN_DAMAGE = re.compile(
    r"\b(per ongeluk|zelf (kapot|veroorzaakt|beschadigd)|kapot ?gemaakt|laten vallen|"
    r"(mijn|onze) (zoon|dochter|kind|kinderen|hond|kat|katten|honden) (heeft|hebben) .{0,60}(kapot|stuk|gat|"
    r"beschadigd|gebroken|gegooid|getrapt|geschopt|gekrabd|verstopt)|frituurvet|kattenbak)"
)


@dataclass(frozen=True)
class RepairObject:
    id: str
    name: str
    patterns: Tuple[Tuple[str, ...], ...]
    party: str
    basis: str
    subscription: bool
    urgent: bool
    explanation: str
    condition: str
    sources: Tuple[str, ...] = ()  # the url of each source; the content check requires one
    # In English, when staff wrote them and they are not outdated (else the Dutch text is said after
    # "In Dutch:"; a missing English name is simply the Dutch name).
    explanation_en: str = ""
    condition_en: str = ""
    name_en: str = ""
    # An outdated English name (twin_fingerprints.hidden): never shown, only matched against English
    # questions (an object keeps its identity when its Dutch name is reworded).
    name_en_outdated: str = ""

    @property
    def name_en_to_match(self) -> str:
        return self.name_en or self.name_en_outdated

    # Cached: ranking the candidates of a 110-word letter rebuilt them 20,000 times (110 ms).
    @cached_property
    def stems(self) -> FrozenSet[str]:
        """Every word stem of its search patterns."""
        return frozenset(stem for pattern in self.patterns for stem in pattern)

    @cached_property
    def name_words(self) -> Tuple[str, ...]:
        return tuple(normalise(self.name).split())


# Contexts that change who repairs (huurwijzer.content.repair_analysis finds them), strongest first.
OWN_DAMAGE = "own_damage"  # the tenant, a housemate, a guest or a pet caused it
THIRD_PARTY = "third_party"  # a burglar or vandals
INSTALLED_BY_TENANT = "installed_by_tenant"
TAKEN_OVER = "taken_over"  # from the previous tenant
OUT_OF_REACH = "out_of_reach"  # not reachable without a long ladder, scaffolding or a lift
LANDLORD_NEGLECT = "landlord_neglect"  # needed because we did not fix a reported defect in time (A5)
LANDLORD_WORKS = "landlord_works"  # broken by our own works or contractor (a renovation)
CONTEXT_PARTY = {OWN_DAMAGE: "huurder", THIRD_PARTY: "verhuurder", INSTALLED_BY_TENANT: "huurder",
                 TAKEN_OVER: "huurder", OUT_OF_REACH: "verhuurder", LANDLORD_NEGLECT: "verhuurder",
                 LANDLORD_WORKS: "verhuurder"}
# Contexts that only turn a tenant's small repair into ours, never our repair into the tenant's.
_ONLY_FOR_TENANTS_REPAIRS = (OUT_OF_REACH, LANDLORD_NEGLECT, LANDLORD_WORKS)


def deciding_context(party: str, context: Sequence[str]) -> Optional[str]:
    """The context that decides the party instead of the table, if any. Being out of reach, or
    needed through our neglect, only turns a tenant's small repair into ours."""
    for name in CONTEXT_PARTY:
        if name in context and not (name in _ONLY_FOR_TENANTS_REPAIRS and party != "huurder"):
            return name
    return None


@dataclass(frozen=True)
class RepairMatch:
    object: RepairObject
    score: int
    own_damage: bool
    context: Tuple[str, ...] = ()

    @property
    def deciding_context(self) -> Optional[str]:
        return deciding_context(self.object.party, (OWN_DAMAGE,) * self.own_damage + self.context)

    @property
    def party(self) -> Optional[str]:
        """huurder/verhuurder for the metadata contract; None when it depends."""
        decided = self.deciding_context
        if decided:
            return CONTEXT_PARTY[decided]
        return self.object.party if self.object.party != "anders" else None


@dataclass(frozen=True)
class RepairTable:
    objects: Tuple[RepairObject, ...]
    english: bool = False  # the English view (loader.in_language): candidates by their English name first

    def get(self, object_id: str) -> Optional[RepairObject]:
        return next((o for o in self.objects if o.id == object_id), None)

    def candidates(self, text: str, limit: int = CANDIDATES) -> Tuple[RepairObject, ...]:
        """Objects named by a word of the question, for when no pattern matched fully: "wie
        repareert mijn kraan?" could mean a dripping tap (the tenant) or a worn one (us). Best
        first: the word is one of its search words or a word of its name, then the end of a
        compound in its name (a "voordeur" is a door), then the start ("deurbel"), then inside;
        on a tie, the order of repairs.yml."""
        return tuple(obj for _, obj in self._ranked(text)[:limit])

    def named(self, text: str) -> Tuple[RepairObject, ...]:
        """The candidates that share the best rank: every object the question's object word names
        equally well ("kraan" names the tap washer, the worn tap and the outside tap)."""
        ranked = self._ranked(text)
        return tuple(obj for rank, obj in ranked if rank == ranked[0][0]) if ranked else ()

    @cached_property
    def _index(self) -> PatternIndex:
        return index_patterns(self.objects)

    @cached_property
    def _names(self) -> NameIndex:
        return index_names(self.objects)

    def _ranked(self, text: str) -> List[Tuple[int, RepairObject]]:
        return rank_candidates(self.objects, self._names, text, self.english)

    def match_all(self, text: str, part_first: bool = False) -> List[Tuple[int, RepairObject]]:
        """Every object a pattern of matches fully, best first (huurwijzer.content.repair_matching).
        `part_first` (the repair form): a part named with its room as a place goes before the room's own
        object ("de kraan in de keuken is versleten" files the tap, not a worn kitchen)."""
        return match_patterns(self.objects, self._index, text, part_first)

    def match(self, text: str, part_first: bool = False) -> Optional[RepairMatch]:
        found = self.match_all(text, part_first)
        if not found:
            return None
        return RepairMatch(found[0][1], found[0][0], bool(_OWN_DAMAGE.search(normalise(text))))


def _check(raw: Mapping[str, Any], where: str) -> RepairObject:
    def text(key: str, required: bool = True) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{where}: veld '{key}' ontbreekt of is leeg")
        return value.strip()

    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and pattern_stems(p)
                                                                 for p in patterns):
        raise KnowledgeError(f"{where}: 'patterns' moet een lijst met zoekwoorden zijn")
    party, basis = text("party"), text("basis")
    if party not in PARTIES:
        raise KnowledgeError(f"{where}: party moet huurder, verhuurder of anders zijn")
    if basis not in BASES:
        raise KnowledgeError(f"{where}: basis moet wet, bij_ons of eigen zijn")
    for key in ("subscription", "urgent"):
        if not isinstance(raw.get(key), bool):
            raise KnowledgeError(f"{where}: '{key}' moet true of false zijn")
    sources = raw.get("sources") or []
    if not isinstance(sources, list) or not all(isinstance(s, Mapping) and isinstance(s.get("url"), str)
                                                and isinstance(s.get("title"), str) for s in sources):
        raise KnowledgeError(f"{where}: 'sources' moet een lijst zijn met een title en een url per bron")
    outdated = hidden(raw, REPAIR_TWINS)

    def english(key: str) -> str:
        return "" if key in outdated else text(key, required=False)

    return RepairObject(
        id=text("id"), name=text("name"), patterns=tuple(pattern_stems(p) for p in patterns), party=party,
        basis=basis, subscription=bool(raw["subscription"]), urgent=bool(raw["urgent"]),
        explanation=text("explanation"), condition=text("condition", required=False),
        sources=tuple(str(s["url"]) for s in sources),
        explanation_en=english("explanation_en"), condition_en=english("condition_en"), name_en=english("name_en"),
        name_en_outdated=text("name_en", required=False) if "name_en" in outdated else "",
    )


def parse_repairs(raw: Any, where: str) -> RepairTable:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("objects"), list):
        raise KnowledgeError(f"{where}: het bestand moet een lijst 'objects' hebben")
    objects: List[RepairObject] = []
    seen = set()
    for index, item in enumerate(raw["objects"], start=1):
        if not isinstance(item, Mapping):
            raise KnowledgeError(f"{where}: onderdeel {index} heeft geen velden")
        obj = _check(item, f"{where} (onderdeel {index})")
        if obj.id in seen:
            raise KnowledgeError(f"{where}: id '{obj.id}' komt twee keer voor")
        seen.add(obj.id)
        objects.append(obj)
    return RepairTable(tuple(objects))


def load_repairs(path: Path) -> RepairTable:
    return parse_repairs(read_yaml(path), str(path))

