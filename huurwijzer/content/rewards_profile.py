"""The optional rewards programme (section `beloningsprogramma` of knowledge/corporation.yml): its
rules and benefits, and the benefits' optional English text.

`voordelen_en` is a list beside `voordelen`, one English line per Dutch benefit, with
`voordelen_en_of`: the fingerprint of the Dutch benefits it translates (twin_fingerprints, the lines
joined). A tenant who writes English reads it while it is not outdated; otherwise the Dutch benefits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, Mapping, Optional, Tuple

from huurwijzer.content.twin_fingerprints import SUFFIX, hidden

SECTION = "beloningsprogramma"
DUTCH_FIELD, ENGLISH_FIELD = "voordelen", "voordelen_en"
# The English benefits translate the Dutch ones (judged as their lines joined: benefit_twin_data).
REWARDS_TWINS: Mapping[str, str] = {ENGLISH_FIELD: DUTCH_FIELD}
# Rewards are extras: the landlord's legal repair duty is the same for every tenant.
_PRIORITY = (re.compile(r"voorrang|eerder geholpen|sneller|priority|sooner|faster|first in line|jump the queue", re.I),
             re.compile(r"repar|onderhoud|herstel|repair|maintenance|fix", re.I))


class RewardsError(ValueError):
    """The section is malformed; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class Rewards:
    """The optional reciprocity programme: rules and benefits are data in the profile."""

    name: str
    months_without_arrears: int
    min_months_tenant: int
    benefits: Tuple[str, ...]
    arrangement_counts: bool = True  # keeping to a payment arrangement counts as paying on time
    agreed_with: str = ""  # the tenants' organisation the criteria were agreed with
    agreed_on: Optional[date] = None
    benefits_en: Tuple[str, ...] = ()  # one per benefit; empty: none written, or outdated

    def shown_benefits(self, english: bool) -> Tuple[str, ...]:
        return self.benefits_en if english and self.benefits_en else self.benefits


def _lines(value: Any) -> str:
    return "\n".join(str(b).strip() for b in value) if isinstance(value, list) else ""


def benefit_twin_data(section: Mapping[str, Any]) -> Dict[str, Any]:
    """The benefits as twin_fingerprints judges them: each list as its lines, with the fingerprint."""
    data: Dict[str, Any] = {DUTCH_FIELD: _lines(section.get(DUTCH_FIELD))}
    if ENGLISH_FIELD in section:
        data[ENGLISH_FIELD] = _lines(section.get(ENGLISH_FIELD))
    if ENGLISH_FIELD + SUFFIX in section:
        data[ENGLISH_FIELD + SUFFIX] = section[ENGLISH_FIELD + SUFFIX]
    return data


def _texts(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(b, str) and b.strip() for b in value)


def check_english(raw: Mapping[str, Any]) -> None:
    """Refuses (RewardsError) English benefits that are no list of texts, one per Dutch benefit, or
    that promise priority for repairs; also while the programme is off, so that switching it on
    cannot fail on them."""
    english = raw.get(ENGLISH_FIELD)
    if english is None:
        return
    if not _texts(english):
        raise RewardsError(f"'{SECTION}.{ENGLISH_FIELD}' moet een lijst met Engelse teksten zijn (of laat het weg)")
    benefits = raw.get(DUTCH_FIELD)
    count = len(benefits) if isinstance(benefits, list) else 0
    if len(english) != count:
        raise RewardsError(f"'{SECTION}.{ENGLISH_FIELD}': één Engelse tekst per voordeel, in dezelfde volgorde "
                           f"({count} voordelen, {len(english)} Engelse teksten)")
    _no_priority(english, ENGLISH_FIELD)


def _no_priority(benefits: Any, field: str) -> None:
    if any(isinstance(b, str) and all(p.search(b) for p in _PRIORITY) for b in benefits or []):
        raise RewardsError(f"'{SECTION}.{field}': geen voorrang bij reparaties; die doen we voor iedereen "
                           "volgens de wet")


def _english_benefits(raw: Mapping[str, Any]) -> Tuple[str, ...]:
    check_english(raw)
    if raw.get(ENGLISH_FIELD) is None or ENGLISH_FIELD in hidden(benefit_twin_data(raw), REWARDS_TWINS):
        return ()  # none written, or outdated: the Dutch benefits are shown
    return tuple(b.strip() for b in raw[ENGLISH_FIELD])


def parse_rewards(raw: Any) -> Optional[Rewards]:
    """None when the programme is off (the default)."""
    if raw is None:
        return None
    if raw.get("aan") is False:
        if isinstance(raw, Mapping):
            check_english(raw)
        return None
    if raw.get("aan") is not True:
        raise RewardsError(f"'{SECTION}.aan' moet true of false zijn")
    rules = raw.get("voorwaarden")
    benefits = raw.get(DUTCH_FIELD)
    if not isinstance(rules, Mapping) or not all(isinstance(rules.get(k), int) and rules[k] >= 0 for k in
                                                 ("geen_achterstand_maanden", "minimaal_huurder_maanden")):
        raise RewardsError(f"'{SECTION}.voorwaarden' moet geen_achterstand_maanden en "
                           "minimaal_huurder_maanden als hele getallen hebben")
    if not _texts(benefits):
        raise RewardsError(f"'{SECTION}.{DUTCH_FIELD}' moet een lijst met teksten zijn")
    if not isinstance(raw.get("naam"), str) or not raw["naam"].strip():
        raise RewardsError(f"'{SECTION}.naam' ontbreekt")
    _no_priority(benefits, DUTCH_FIELD)
    arrangement = rules.get("betalingsregeling_nakomen_telt", True)
    if not isinstance(arrangement, bool):
        raise RewardsError(f"'{SECTION}.voorwaarden.betalingsregeling_nakomen_telt' moet true of false zijn")
    agreed = raw.get("afgestemd_met_huurdersorganisatie")
    if not isinstance(agreed, Mapping) or not isinstance(agreed.get("naam"), str) or not agreed["naam"].strip() \
            or not isinstance(agreed.get("datum"), date):
        raise RewardsError(f"'{SECTION}.afgestemd_met_huurdersorganisatie' moet naam en datum "
                           "(JJJJ-MM-DD) hebben: de voorwaarden worden afgesproken met de huurdersorganisatie")
    dutch = tuple(b.strip() for b in benefits)
    return Rewards(raw["naam"].strip(), rules["geen_achterstand_maanden"], rules["minimaal_huurder_maanden"],
                   dutch, arrangement, agreed["naam"].strip(), agreed["datum"], _english_benefits(raw))
