"""Masks personal data in text shown to staff or written to logs and the conversation store.

`mask` replaces the personal details inside a message (names, street and house number,
postcodes in any case, phone numbers, e-mail, contract, customer and account numbers, dates,
BSN-like numbers) with a label in square brackets and leaves the rest of the message readable, so
staff can still see what the tenant asked. It never drops the whole message. One function for
every place that shows or stores tenant text (the console inbox, logs, bot/event_redaction.py).
"""

from __future__ import annotations

import re
from typing import Callable, Tuple, Union

NAME, ADDRESS, POSTCODE, PHONE, EMAIL = "[naam]", "[adres]", "[postcode]", "[telefoon]", "[e-mail]"
IBAN, CONTRACT, NUMBER, DATE = "[iban]", "[contractnummer]", "[nummer]", "[datum]"

# A name: capitalised words with Dutch infixes between them ("Anouk van der Berg", "El Amrani").
_INFIX = r"(?:van|de|der|den|het|ter|ten|te|in|'t|el|al|la|le|du|da|dos|von|op)"
# Letters of the names tenants have, beyond A-Z: "Öztürk", "Şahin", "Yıldız", "Łukasz" (qa3: they stayed unmasked).
_UPPER, _LOWER = "A-ZÀ-ÖØ-ÞŠŽŸĞİŞÇŁŃŚŹŻĆČĘĄ", "a-zà-öø-ÿšžğışçłńśźżćčęą"
_CAPITALISED = rf"(?:[{_UPPER}]\.|[{_UPPER}][{_LOWER}'’-]+)"  # a word or an initial
_NAME = rf"{_CAPITALISED}(?:[ \t]+(?:{_INFIX}[ \t]+)*{_CAPITALISED}){{0,3}}"
# After "mijn naam is" or "ik heet" a name may be typed in lower case: up to three words, stopping
# at words that carry on the sentence.
_GO_ON = (r"(?:en|ik|maar|want|woon|wonend|uit|met|heb|ben|is|en|huurder|bewoner|hier|graag|wil|ik'?m|"
          r"van|op|aan|in|bij|de|het|een)")
_LOWER_WORD = rf"(?!{_GO_ON}\b)[{_LOWER}'’-]{{2,}}"
_LOWER_NAME = rf"{_LOWER_WORD}(?:[ \t]+(?:{_INFIX}[ \t]+)*{_LOWER_WORD}){{0,2}}"
_SIGN_OFF = (r"(?:met\s+)?(?:vriendelijke\s+|hartelijke\s+|beste\s+)?groet(?:en|jes)?|m\.?v\.?g\.?|gr\.?|groetjes|"
             r"dank\s+u\s+wel|alvast\s+bedankt|bvd|kind\s+regards|regards")
_TITLE = r"(?:dhr|mevr|mw|mr|mevrouw|meneer|de\s+heer|familie|fam)\.?"
_PERSON = (r"(?:buurman|buurvrouw|buurjongen|buurmeisje|bovenbuur|onderbuur|huisgenoot|partner|vriend|vriendin|"
           r"zoon|dochter|moeder|vader|broer|zus|oma|opa|(?:gegevens|adres|telefoonnummer|nummer)\s+van)")
_STREET_END = (r"straat|laan|weg|plein|kade|gracht|singel|hof|dijk|park|pad|steeg|dreef|ring|plantsoen|markt|"
               r"wal|erf|baan|hoek|veld|dam|haven|allee|boulevard|burg|berg|brink|straatweg|zoom|passage|"
               r"promenade|gaarde|kamp|akker|wijk")
_HOUSE_NUMBER = r"\d{1,5}(?:[ \t]?-?[ \t]?(?:[a-zA-Z](?![a-zA-Z])|hs|bis|zw|I{1,3}|\d{1,3}))?"
# Words that end like a street but are not one ("ik ben onderweg 2 uur").
_NOT_A_STREET = re.compile(r"\b(?:onderweg|halfweg|overweg|snelweg|voetbalveld|speelveld)\b", re.I)
# Two-letter Dutch words and units that follow a number often: "in 2024 de huur", "1500 ml".
# A postcode never ends in SA, SD or SS.
_NOT_POSTCODE_LETTERS = frozenset("""de en in op te of is al na om ik je we ze er ja nu zo uw un ik nl
ml cm mm km kg gr kw mg sa sd ss pm am""".split())


def _postcode(match: re.Match[str]) -> str:
    spaced, letters = bool(match.group(2)), match.group(3)
    if letters.isupper() and letters.lower() not in ("sa", "sd", "ss"):
        return POSTCODE
    if spaced and letters.lower() in _NOT_POSTCODE_LETTERS:
        return match.group(0)
    return POSTCODE


def _keep_lead(label: str) -> Callable[[re.Match[str]], str]:
    """Keeps the words that announce the detail ("mijn naam is") and masks what follows."""
    def replace(match: re.Match[str]) -> str:
        return f"{match.group('lead')}{label}"
    return replace


Replacement = Union[str, Callable[["re.Match[str]"], str]]
_STREET_AND_NUMBER = re.compile(rf"\b(?:(?:{_CAPITALISED}|{_INFIX})[ \t]+){{0,2}}(?i:[a-zà-ÿ'-]+(?:{_STREET_END}))"
                                rf"[ \t]+{_HOUSE_NUMBER}\b")
# The street pattern cost half of `mask` on a letter: at every word it tries each street ending at every
# split of the word. Each of its matches holds a street ending, spaces or tabs and a digit, so it runs only
# on a text that has those: before each run of spaces or tabs followed by a digit, an ending is looked for
# in the few characters that could hold it (docs/performance.md, session 20).
_SPACES_DIGIT = re.compile(r"[ \t]+\d")
_END_SPACES_DIGIT = re.compile(rf"(?i:{_STREET_END})[ \t]+\d")
_LONGEST_END = max(len(end) for end in _STREET_END.split("|"))


def may_name_a_street(text: str) -> bool:
    """True whenever _STREET_AND_NUMBER matches somewhere in `text` (and sometimes when it does not)."""
    return any(_END_SPACES_DIGIT.search(text, max(0, run.start() - _LONGEST_END), run.end()) is not None
               for run in _SPACES_DIGIT.finditer(text))


_PATTERNS: Tuple[Tuple[re.Pattern[str], Replacement], ...] = (
    (re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b"), EMAIL),
    (re.compile(r"\b[A-Z]{2}\d{2}[ \t]?[A-Z]{4}(?:[ \t]?\d{4}){2}[ \t]?\d{2}\b", re.I), IBAN),
    (re.compile(r"\bHC[\s-]?\d{4,}\b", re.I), CONTRACT),
    # contract, customer and account numbers announced by their name: "klantnummer 4455123"
    (re.compile(r"(?P<lead>\b(?:huur)?contract(?:nummer|nr)?\.?:?[ \t]*(?:is[ \t]+)?)#?[A-Z]{0,3}-?\d{4,}\b", re.I),
     _keep_lead(CONTRACT)),
    (re.compile(r"(?P<lead>\b(?:klant|relatie|debiteur|dossier|huurder|bank|rekening|bankrekening|pas|"
                r"bsn|burgerservice)(?:nummer|nr)\.?:?[ \t]*(?:is[ \t]+)?)[A-Z]{0,4}[\d \t.-]{4,30}\d", re.I),
     _keep_lead(NUMBER)),
    (re.compile(r"(?<!\d)\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}(?!\d)"), DATE),
    (re.compile(r"(?<!\d)(?:19|20)\d{2}-\d{2}-\d{2}(?!\d)"), DATE),
    (re.compile(r"\b\d{1,2}\s+(?:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|"
                r"november|december)\s+(?:19|20)\d{2}\b", re.I), DATE),
    (re.compile(r"(?<![\d+])(?:\+|00)(?!31)[1-9]\d{0,2}[\s-]?(?:\(0\))?\d(?:[\s-]?\d){6,11}(?!\d)"), PHONE),
    # Dutch numbers in any grouping: "06-12345678", "06 1234 5678", "+31 6 2345 6789" (qa3), "020 123 4567"
    (re.compile(r"(?<!\d)(?:\+31|0031|0)[\s-]?(?:\(0\))?[\s-]?(?:6|[1-9]\d)(?:[\s-]?\d){7,8}(?!\d)"), PHONE),
    # street and house number, in any case: "Lindelaan 14", "burgemeester de withstraat 5-II"
    (_STREET_AND_NUMBER, lambda m: m.group(0) if _NOT_A_STREET.search(m.group(0)) else ADDRESS),
    (re.compile(rf"(?P<lead>\b(?:woon|wonen|woont|woonachtig|adres(?:\s+is)?:?)[ \t]+(?:(?:aan|op|in)[ \t]+)?"
                rf"(?:(?:de|het)[ \t]+)?){_NAME}[ \t]+{_HOUSE_NUMBER}\b"), _keep_lead(ADDRESS)),
    (re.compile(rf"(?P<lead>\bhuisnummer:?[ \t]+){_HOUSE_NUMBER}\b", re.I), _keep_lead(NUMBER)),
    (re.compile(r"\b([1-9]\d{3})([ \t]?)([A-Za-z]{2})\b"), _postcode),
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), NUMBER),  # BSN and other 9-digit numbers
    # names: announced ("mijn naam is ...", "ik ben Fatima"), after a title, or in a signature
    (re.compile(rf"(?P<lead>\b(?i:mijn\s+naam\s+is|ik\s+heet|naam:|my\s+name\s+is)[ \t]+)"
                rf"(?:{_NAME}|{_LOWER_NAME})"), _keep_lead(NAME)),
    (re.compile(rf"(?P<lead>\b(?:[Ii]k\s+ben|[Hh]ier\s+is|[Dd]it\s+is|I\s+am|I'm)[ \t]+){_NAME}"), _keep_lead(NAME)),
    (re.compile(rf"(?P<lead>\b(?i:{_TITLE})[ \t]+)(?:{_INFIX}[ \t]+)*{_NAME}"), _keep_lead(NAME)),
    # after a person ("mijn buurman Jan Jansen") or what is asked of them ("de gegevens van Mehmet Kowalski")
    (re.compile(rf"(?P<lead>\b(?i:{_PERSON})[ \t]+)(?:{_INFIX}[ \t]+)*{_NAME}"), _keep_lead(NAME)),
    (re.compile(rf"(?P<lead>(?:^|[\s,.!])(?i:{_SIGN_OFF})[ \t]*[,:.!-]?\s*){_NAME}"), _keep_lead(NAME)),
)


def mask(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        if pattern is not _STREET_AND_NUMBER or may_name_a_street(text):
            text = pattern.sub(replacement, text)
    return text
