"""Causes that pick the repair table's object instead of the part the message names (domain facts
A13, A17). Used by huurwijzer.content.repair_analysis.

- Mould in a home that can hardly be ventilated (no vents or extraction, windows that cannot open,
  the extraction broken) is a defect of ours (A17: poor extraction, construction faults), whatever
  the table says of mould and airing; "ik ventileer te weinig" stays the tenant's.
- Damage by a fire in the home is the fire's object, whose party the cause decides through the
  contexts (huurwijzer.content.repair_context): the tenant's carelessness makes it the tenant's,
  arson by others or a short circuit in our wiring leaves it ours. Without a fire that happened,
  "brand" is no damage ("werkt de rookmelder bij brand?").
- A door, lock, rail or light of a shared space ("de deur van de fietsenkelder", "het slot van de gemeenschappelijke
  berging", "de leuning in het trappenhuis", "de branddeur") is part of the shared areas or their lighting, ours
  (domain facts A8, A11), not the tenant's inner door, lock, stair rail or lamp nor the waste container.
"""

from __future__ import annotations

import re
from typing import Optional

from huurwijzer.content.repairs import RepairObject, RepairTable

MOULD_POOR_VENTILATION = "schimmel-slechte-ventilatie"
FIRE_DAMAGE = "brandschade"
SHARED_AREAS = "trappenhuis"  # "trappenhuis en algemene ruimten"
SHARED_LIGHTING = "verlichting-algemeen"

_MOULD = re.compile(r"\b(schimmel\w*|beschimmeld\w*|mould\w*|mold|moldy)\b")
_AIRING = r"(ventileren|luchten|ventilate|air)"
# Normalised text (repairs.normalise: lower case, no accents or punctuation).
_CANNOT_VENTILATE = re.compile(
    r"\b(((kan|kun|kunt|kunnen|kon|konden) (je|men|ik|we|wij|u)|(je|men|ik|we|wij|u) (kan|kun|kunt|kunnen|kon|konden)) "
    r"(er|hier|daar|in (de|het|die|dat|deze) \w+) "
    rf"(\w+ ){{0,2}}(niet|nauwelijks|amper|slecht|moeilijk) (\w+ )?{_AIRING}|"
    rf"(kan|kun|kunt|kunnen) (je|men|u) (\w+ ){{0,2}}(niet|nauwelijks|amper|slecht) (goed |fatsoenlijk )?{_AIRING}|"
    rf"(niet|nauwelijks|amper|slecht|moeilijk|onmogelijk) te {_AIRING}|"
    # the verb last, in a clause of its own ("doordat je er bijna niet kunt ventileren")
    r"((je|men|ik|we|wij|u) (er|hier|daar|in (de|het|die|dat|deze) \w+)|(je|men|u)) "
    r"(\w+ ){0,2}(niet|nauwelijks|amper|slecht|moeilijk) (goed |fatsoenlijk )?"
    rf"(kan|kun|kunt|kunnen|kon|konden) {_AIRING}|"
    r"(geen|zonder) (\w+ ){0,2}(ventilatie\w*|afzuig\w*|(ventilatie|lucht)?roosters?|ventilator\w*|raam|ramen|"
    r"venster\w*|klepraam|luchtkoker\w*)\b(?! (open|opengezet|op de kiep))|"
    r"(ramen|raam|rooster\w*|klepraam|dakraam|venster\w*) (\w+ ){0,4}(kan|kunnen|gaat|gaan|mag|mogen) (\w+ ){0,2}"
    r"niet (meer )?open|(ramen|raam) (\w+ ){0,2}(zit|zitten) (\w+ )?(vast|dichtgeschilderd|dichtgeschroefd)|"
    r"niet (meer )?open kunnen|niet te openen|dichtgeschroefd|dichtgespijkerd|dichtgeschilderd|"
    r"(afzuiging|afzuigsysteem|ventilatie|ventilator|mechanische ventilatie|wtw\w*|ventilatiesysteem|luchtafvoer) "
    r"(\w+ ){0,5}(kapot|stuk|defect|werkt (\w+ ){0,2}niet|doet (het )?(\w+ )?(niet|niks|niets)|uitgevallen|"
    r"zuigt (\w+ )?niet)|(kapotte|defecte|slechte|zwakke) (afzuiging|ventilatie|ventilator)|"
    r"no (ventilation|extractor\w*|extraction|vents?|windows?|fan)|windows? (\w+ ){0,2}(can ?t|cannot|won ?t|don ?t|"
    r"do not|doesn ?t) open|(fan|extractor|ventilation) (\w+ ){0,3}(broken|not working|doesn ?t work|does not work)|"
    r"(can ?t|cannot) (really |properly )?ventilate|impossible to ventilate)\b")
# A fire that happened in or to the home, not fire as a word ("bij brand", "brandblusser").
_FIRE = re.compile(
    r"\b(brandschade|keukenbrand|woningbrand|roetschade|rookschade|zwartgeblakerd|vlam in de pan|"
    r"(er|een|de|kleine|grote|flinke) brand (\w+ ){0,2}(in|op|geweest|gehad|ontstaan|uitgebroken|gekregen)|"
    r"brand (is |was )?(\w+ )?(ontstaan|uitgebroken|geweest|gehad|gesticht|gestoken)|(na|door) (de|een|het) brand\b|"
    r"brand in (de|het|mijn|onze|ons) \w+|in brand (gevlogen|gestaan|geraakt|gezet|gestoken)|"
    r"(vloog|vlogen|stond|stonden|raakte|vliegt) (\w+ ){0,3}in brand|vlam (gevat|vatte)|"
    r"(woning|huis|keuken|flat|kamer|schuur|berging) (is |was )?(helemaal |half )?(uit|af)gebrand|"
    r"fire damage|caught fire|(a|the|kitchen) fire (in|broke|started)|burn(ed|t) (down|out))\b")


def cannot_ventilate(clean: str) -> bool:
    """The home itself can hardly be ventilated (`clean`: normalised text)."""
    return bool(_CANNOT_VENTILATE.search(clean))


def cause_object(table: RepairTable, clean: str) -> Optional[RepairObject]:
    """The object a cause named in the message stands for, if any (`clean`: normalised text)."""
    if _MOULD.search(clean) and cannot_ventilate(clean):
        return table.get(MOULD_POOR_VENTILATION)
    if _FIRE.search(clean):
        return table.get(FIRE_DAMAGE)
    return None


_SHARED = (r"(trappenhuis|portiek|galerij|container ?ruimte|vuil(nis)?ruimte|afvalruimte|"
           r"fietsen(kelder|stalling|berging|hok)|bergingsgang|kelder ?gang|kelderbox|"
           r"(gemeenschappelijke|algemene) \w+|centrale (hal|gang|entree|ingang)|lift(hal|portaal)|"
           r"(communal|shared) \w+|bin store|bike (store|storage)|stairwell)")
_LIGHT = r"lamp\w*|licht|verlichting|light|lights|lighting"
_SHARED_PART = re.compile(
    rf"\b((?P<part>deur|deuren|slot|sloten|cilinder\w*|(trap)?leuning\w*|{_LIGHT}|doors?|locks?|(hand)?rails?|"
    rf"railings?) (\w+ )?(van|in|naar|bij|op|of|to|on) (de|het|onze|ons|the|our) {_SHARED}\w*|"
    rf"{_SHARED}\w*deur\w*|branddeur\w*|fire doors?)\b")


def shared_part(table: RepairTable, clean: str, best: RepairObject) -> RepairObject:
    """The shared areas, or their lighting, for a door, lock, rail or light of a shared space that `best`, not ours,
    stands for (`clean`: normalised text)."""
    found = None if best.party == "verhuurder" else _SHARED_PART.search(clean)
    if found is None:
        return best
    light = found.group("part") is not None and re.fullmatch(_LIGHT, found.group("part")) is not None
    return table.get(SHARED_LIGHTING if light else SHARED_AREAS) or best
