"""What a tenant's first message already says about a repair: the object (from the repairs
table), the room, a description of the defect and how urgent it is. The repair form is filled
with these, so it asks only for what is missing. Plain functions, no Rasa types."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from huurwijzer.content.repairs import RepairTable

# Room words as tenants write them, and the room the request records. Longest alternatives
# first inside each pattern so "slaapkamer" is not read as "kamer".
# English room words (the form asks in English too) record the Dutch room, as the back office reads it.
_ROOMS: Tuple[Tuple[str, str, str], ...] = (
    ("badkamer", r"badkamer|douche(?:ruimte)?|badruimte|bathroom|shower(?: room)?", "bathroom"),
    ("keuken", r"keuken|kitchen", "kitchen"),
    ("toilet", r"toilet|wc|w\.c\.|loo", "toilet"),
    ("woonkamer", r"woonkamer|huiskamer|kamer beneden|zitkamer|living room|sitting room|lounge", "living room"),
    ("slaapkamer", r"(?:kinder|grote |kleine |tweede |derde )?slaapkamer|(?:second |main |kids' )?bedroom", "bedroom"),
    ("zolder", r"zolder(?:kamer)?|attic|loft", "attic"),
    ("kelder", r"kelder|basement|cellar", "basement"),
    ("berging", r"berging|schuur(?:tje)?|storage room|shed", "storage room"),
    ("hal", r"hal|gang|overloop|entree|hall(?:way)?|corridor|landing", "hall"),
    ("trappenhuis", r"trappenhuis|portiek|galerij|lift|stairwell|staircase|gallery|elevator", "stairwell"),
    ("balkon", r"balkon|balcony", "balcony"),
    ("tuin", r"(?:voor|achter)?tuin|(?:front |back )?garden", "garden"),
    ("bijkeuken", r"bijkeuken|washok|wasruimte|utility room|laundry room", "utility room"),
    # The repair form's last room button (knowledge/replies.yml repair_ask_location, and its English twin).
    ("buiten of gemeenschappelijke ruimte", r"buiten of gemeenschappelijke ruimte|outside or shared area",
     "outside or shared area"),
)
_ROOM = re.compile(r"\b(?:" + "|".join(f"(?P<r{i}>{p})" for i, (_, p, _en) in enumerate(_ROOMS)) + r")\b", re.I)

# Urgency words. In a first message only explicit words count ("ik zit al weken te wachten"
# says nothing about whether it can wait); the form's own answer may be looser (LOOSE_URGENCY).
_NOT_URGENT = (r"niet (?:zo |heel |erg )?(?:dringend|urgent)|geen (?:haast|spoed)|"
               r"kan (?:een paar dagen |nog even |even )?wachten|"
               r"not (?:very )?urgent|no hurry|can wait")  # English: the form asks in English too
_URGENT = r"dringend|spoed|urgent|zo snel mogelijk|z\.s\.m\.|zsm|vandaag nog|zo spoedig mogelijk"
STRICT_URGENCY = re.compile(rf"\b(?:(?P<normal>{_NOT_URGENT})|(?P<urgent>{_URGENT}))\b", re.I)
LOOSE_URGENCY = re.compile(
    rf"\b(?:(?P<normal>{_NOT_URGENT}|wachten|normaal)|(?P<urgent>{_URGENT}|snel|meteen|vandaag))\b", re.I)

# A message describes the defect when it says what is wrong, not only which object.
_DEFECT = re.compile(
    r"\b(?:kapot|stuk|lek|lekt|lekken|lekkage|druppelt|drupt|loopt|verstopt|verstopping|klemt|sluit niet|"
    r"werkt niet|doet (?:het )?niet|doet het niet meer|gebroken|gescheurd|scheur|barst|los|zit los|valt|"
    r"schimmel|vocht|nat|piept|kraakt|rammelt|hangt|tocht|koud|warm water|geen water|geen stroom|"
    r"defect|beschadigd|roest|rot|verrot|brandt niet|gaat niet (?:open|dicht|aan|uit)|niet (?:meer )?(?:open|dicht)|"
    r"afgebroken|kwijt|vast|zit vast|slaat af|storing|lekt|lekkende|kapotte|gebroken|"
    # English (the form asks in English too)
    r"broken|leak(?:s|ing|ed)?|drip(?:s|ping)?|blocked|clogged|stuck|loose|cracked|damaged|faulty|mou?ld|"
    r"(?:does|do|is|are)(?: not|n't) (?:work(?:ing)?|close|open|lock|shut|turn on|heat)|not working|"
    r"won't (?:close|open|lock|shut|work|start|turn on)|no (?:hot water|water|power|heating))\b", re.I)
# "Ik wil een reparatie melden:" before the description says nothing about the defect.
_PREAMBLE = re.compile(r"^(?:hallo|goedemorgen|goedemiddag|goedenavond|hoi)?[\s,.!]*(?:ik wil|graag)?\s*"
                       r"(?:een )?(?:reparatie|storing|defect|probleem) (?:melden|doorgeven)\s*[:,.!-]?\s*", re.I)
MIN_DESCRIPTION_WORDS = 3
MAX_DESCRIPTION = 1000
SLOTS = ("repair_object", "repair_location", "repair_description", "repair_urgency")


@dataclass(frozen=True)
class RepairDetails:
    object_id: Optional[str] = None
    location: Optional[str] = None
    description: Optional[str] = None
    urgency: Optional[str] = None  # "spoed" | "normaal"

    def slots(self) -> Dict[str, Optional[str]]:
        """The repair form's slots; None where the message did not say."""
        return dict(zip(SLOTS, (self.object_id, self.location, self.description, self.urgency), strict=True))


def _room_index(found: Optional[re.Match[str]]) -> Optional[int]:
    if found is None:
        return None
    return int(next(name for name, value in found.groupdict().items() if value)[1:])


# A room named only as the first part of a compound ("keukenkraan", "badkamerdeur", "bergingsdeur"): QA, session 22,
# "nee wacht, het is de badkamerkraan" was no room change in the repair form. Only rooms no other word starts with
# ("hal" starts "halogeen", "gang" "gangbaar", "loo" "loodgieter"), and three letters or more after them.
_COMPOUND_ROOMS = {"badkamer": "badkamer", "douche": "badkamer", "keuken": "keuken", "bijkeuken": "bijkeuken",
                   "toilet": "toilet", "woonkamer": "woonkamer", "huiskamer": "woonkamer", "slaapkamer": "slaapkamer",
                   "zolder": "zolder", "kelder": "kelder", "berging": "berging", "balkon": "balkon", "tuin": "tuin"}
_COMPOUND_ROOM = re.compile(r"\b(" + "|".join(sorted(_COMPOUND_ROOMS, key=len, reverse=True)) + r")s?[a-z]{3,}\b",
                            re.I)


def room(text: str) -> Optional[str]:
    """The room a message names ("in de badkamer", "de keukenkraan" -> badkamer, keuken), or None."""
    index = _room_index(_ROOM.search(text))
    if index is not None:
        return _ROOMS[index][0]
    compound = _COMPOUND_ROOM.search(text)
    return None if compound is None else _COMPOUND_ROOMS[compound.group(1).lower()]


_IN_THE = re.compile(r"^(?:(?:in|op|bij|at) )?(?:de |het |the )?", re.I)


def _whole_room(location: str) -> Optional[int]:
    return _room_index(_ROOM.fullmatch(_IN_THE.sub("", location.strip())))


def bare_room(text: str) -> Optional[str]:
    """The room word as typed when it is the whole message ("woonkamer", "in de keuken" -> keuken), else None."""
    plain = _IN_THE.sub("", text.strip())
    return plain.lower() if _whole_room(plain) is not None else None


# A room nobody could name ("weet ik niet" to the room question), recorded in Dutch for the back office.
UNKNOWN_ROOM = "onbekend"


def room_in_english(location: str) -> str:
    """A recorded room in English ("badkamer", "in de keuken", "onbekend" -> bathroom, kitchen,
    unknown); any other place as it was recorded."""
    if location == UNKNOWN_ROOM:
        return "unknown"
    index = _whole_room(location)
    return location if index is None else _ROOMS[index][2]


def room_to_record(answer: str) -> str:
    """What the repair form records for its room question: the Dutch room when the answer is only a
    room, in either language ("bedroom", "outside or shared area" -> slaapkamer, buiten of
    gemeenschappelijke ruimte: the back office reads Dutch); any other place as typed."""
    index = _whole_room(answer)
    return answer.lower() if index is None else _ROOMS[index][0]


# "I don't know" as the whole answer to a form's question (the classifier reads it as "no", which stops the form).
_DONT_KNOW = re.compile(r"^\W*(?:(?:nee,? )?(?:ik )?weet (?:ik |het )*niet"
                        r"(?: (?:precies|goed|zeker|hoe (?:het|dat) heet))?"
                        r"|geen idee|(?:i )?(?:don'?t|do not) know|no idea|not sure)\W*$", re.I)


def dont_know(text: str) -> bool:
    """"weet ik niet", "geen idee", "I don't know" and nothing more."""
    return bool(_DONT_KNOW.match(" ".join(text.split())))


# The tenant stops the report the form is taking ("kan ik mijn melding intrekken", "laat maar, ik wil het
# niet meer melden"): nothing is filed (repair_flow). Words of stopping, never of a defect.
_STOP_REPORT = re.compile(
    r"\b(?:intrekken|trek (?:\w+ ){0,3}in|annuleer\w*|annuleren|laat (?:maar|het maar|ook maar)|"
    r"(?:hoeft|hoef) (?:\w+ ){0,2}(?:niet meer|toch niet)|(?:niet meer|toch niet|niks|niets) (?:te )?melden|"
    r"(?:niet meer|toch niet) nodig|(?:melding|melden) (?:stoppen|afbreken)|stop (?:met )?(?:de |deze |mijn )?melding|"
    r"cancel\w*|never ?mind|withdraw\w*|(?:don't|do not) (?:want to )?report|"
    # changing one's mind (QA, session 22: "ik bedenk me, toch niet" got "Dat antwoord begrijp ik niet")
    r"ik bedenk me|ik heb me bedacht|changed my mind|^\W*(?:nee,? )?toch (?:maar )?niet(?=\W*$))\b", re.I)


# A correction at a later question of the repair form ("nee wacht, het is de douchekraan"): with another part
# named, the report is about that part (QA, session 19: it got "Dat antwoord begrijp ik niet" and the first
# part was filed).
_CORRECTS = re.compile(r"^\W*(?:(?:oh? )?nee|neen|sorry|pardon|wacht|ik bedoel|ik bedoelde|oeps|no|oops|i mean"
                       r"|actually)\b", re.I)


def corrects(text: str) -> bool:
    return bool(_CORRECTS.match(text))


def stops_report(text: str) -> bool:
    """Words that stop the repair report being made ("laat maar, ik wil het niet meer melden")."""
    return bool(_STOP_REPORT.search(" ".join(text.split())))


def urgency(text: str, pattern: re.Pattern[str] = STRICT_URGENCY) -> Optional[str]:
    found = pattern.search(text)
    if found is None:
        return None
    return "normaal" if found.group("normal") else "spoed"


def describes_defect(text: str) -> bool:
    return bool(_DEFECT.search(text)) and len(text.split()) >= MIN_DESCRIPTION_WORDS


def details(text: str, repairs: RepairTable) -> RepairDetails:
    """Everything the message says that the repair form would ask."""
    clean = " ".join(text.split())
    match = repairs.match(clean, part_first=True)  # the form files the part, not its room
    return RepairDetails(
        object_id=match.object.id if match else None,
        location=room(clean),
        description=_PREAMBLE.sub("", clean)[:MAX_DESCRIPTION] if describes_defect(clean) else None,
        urgency=urgency(clean),
    )
