"""What makes a message misuse, a refusal (huurwijzer.conversation.understanding, step 1): asking for
someone else's data, changing records, fraud, prompt or code injection, posing as staff or police. The
classifier's misuse intent only counts when the message has one of these marks; injection is refused
whatever the classifier says."""

from __future__ import annotations

import re
from functools import lru_cache

from huurwijzer.content.repair_matching import normalise

# What makes a message misuse (a refusal), in Dutch and English.
_REQUEST = (r"\b(geef|geeft|stuur|toon|laat|vertel|zoek|noem|wat (is|zijn|was)|hoeveel|welke|wie|heeft|hebben|"
            r"mag ik|kan ik|kun je|kunt u|weet je|weet jij|can you|give|tell|show|send|look up|what(s| is| are))\b")
_DATA = (r"\b(?<!mijn )(?<!onze )(?<!ons )(?<!my )(telefoonnummers?|nummer|adres(sen)?|e-?mail\w*|gegevens|namen|"
         r"naam|iban|rekeningnummer|geboortedatum|inkomen|huurachterstand|achterstand|achterl\w+|betaalt|"
         r"betalingsachterstand|schuld\w*|contract\w*|meldingen|lijst|overzicht|phone( numbers?)?|address(es)?|"
         r"details|data)\b")
_OTHERS = (r"\b(buurman|buurvrouw|buren|bovenbu\w*|onderbu\w*|benedenbu\w*|overbu\w*|naast (mij|ons)|"
           r"nummer \d+|huisnummer \d+|andere huurders?|alle huurders|huurders (in|van)|mijn ex|ex-?partner|"
           r"de huurder van|huurder op|bewoners? (van|op)|(mevrouw|meneer|de heer|mw|dhr)\.? \w+|neighbou?rs?|"
           r"other tenants?|all tenants)\b")
_REGISTER = r"\b(inschrijven|ingeschreven|inschrijving|schrijf (me|mij|hem|haar) in)\b.{0,40}\badres\b"
_PAY_OFF = (r"\b(sleutelgeld|key money|smeergeld|onder de tafel|under the table|zwart betalen|\d+ ?euro extra|"
            r"extra (geld|betalen)|pay (extra|money))\b")
_QUEUE = r"\b(wachtlijst|wachttijd|voorrang|sneller|eerder aan de beurt|waiting ?list|queue|jump|skip)\b"
# What makes a message misuse (a refusal), in Dutch and English.
_MISUSE_MARKS = re.compile(
    r"("
    # asking for someone else's data
    rf"{_REQUEST}.{{0,40}}{_DATA}.{{0,80}}{_OTHERS}|{_REQUEST}.{{0,40}}{_OTHERS}.{{0,80}}{_DATA}"
    r"|\bwie (er )?(\w+ ){0,4}(woont|huurt|wonen)\b|\bwho (lives|rents)\b"
    r"|\b(die|hij|zij|ze) ((huurt|woont) (ook )?(bij jullie|hier)|(ook )?(bij jullie|hier) (huurt|woont))"
    # changing records
    r"|\b(zet|verander|wijzig|pas|schrap|verwijder|markeer|boek|noteer|schrijf)\b.{0,60}\b(systeem|administratie|"
    r"dossier|rekening|schuld|achterstand|betaald|huur naar|als betaald|op nul|gegevens van)"
    r"|\b(change|delete|erase|mark)\b.{0,40}\b(record|system|debt|arrears|paid)"
    # fraud
    r"|\b(vals\w*|nep\w*|fake|fraude|frauderen|achterdater\w*|antedater\w*)\b"
    r"|\bbriefje\b.{0,60}\b(woon|langer|niet)|\bverklaring\b.{0,40}\b(dat ik|dat hij|dat zij)\b"
    r"|\b(niet|nooit) (hier )?(woont|wonen|woonde) .{0,30}(toeslag|belasting|gemeente|uitkering|bijstand)"
    # registered where one does not live, for benefits (a worried "staat ingeschreven maar studeert" is not)
    rf"|{_REGISTER}.{{0,60}}\b(waar|terwijl) (ik|hij|zij|ze|we|wij) (daar |er )?(niet|nooit) (woon|woont|wonen)\b"
    r"|\b(wil|hoef|ga)\b.{0,30}\b(niet|nooit) (melden|doorgeven|opgeven|aangeven)\b.{0,40}"
    r"\b(uitkering|bijstand|toeslag\w*)"
    r"|\bregister\w* at (an|the|a|my|your|his|her) address\b.{0,30}\b(don'?t|do not|doesn'?t|does not|not) live"
    # an earlier registration date to get ahead ("mijn inschrijving verlengen" is not)
    r"|\bvervroeg\w*\b.{0,40}\binschrij\w*|\binschrij\w*\b.{0,40}\bvervroeg\w*"
    # key money or a bribe to get ahead of the waiting list
    rf"|{_PAY_OFF}.{{0,80}}{_QUEUE}|{_QUEUE}.{{0,80}}{_PAY_OFF}|\b(omkopen|omkoop\w*|steekpenning\w*|bribe\w*)\b"
    # posing as staff or police, injection
    r"|\bik (ben|werk) (een )?(medewerker|beheerder|admin\w*|van de politie|politie|bij (de|jullie) "
    r"(corporatie|woningbouw|klantenservice))|\bals (medewerker|beheerder|admin)"
    r"|\b(negeer|vergeet|ignore|disregard|forget)\b.{0,40}\b(instructie\w*|regels|instructions|rules|prompt)"
    r"|\b(systeemprompt|system prompt|ontwikkelaarsmodus|developer mode|jailbreak|wachtwoord\w*|password\w*)\b"
    r"|\btoegang tot (het|jullie) systeem|\bdatabase\b"
    # making the assistant play a role, promise or insult
    r"|\b(pretend|act as|you are now|from now on|no rules|legally binding|binding offer|doe alsof|speel dat|"
    r"vanaf nu ben|zonder (regels|beperkingen)|is bindend|juridisch bindend|write a (poem|song|haiku)|"
    r"schrijf een (gedicht|lied)|say something (rude|bad))\b"
    r"|<\s*(script|img|iframe|svg)|\bselect \*|\bdrop table|\bunion select|'\s*or\s*'1'\s*=\s*'1"
    r")",
    re.IGNORECASE)


# Marks no tenant question has: instructions to the assistant itself, role play, made-up promises,
# insults on request, code. These are refused whatever the classifier says (issue 15: prompt
# injection in many forms). Asking for data or changing records is left to the classifier plus
# _MISUSE_MARKS, because a tenant's own request can share its words ("wijzig mijn rekeningnummer").
_INJECTION = re.compile(
    r"\b((negeer|vergeet(?! niet)|ignore|disregard|forget(?! to)|drop|abandon|bypass|omzeil)\b.{0,60}\b"
    r"(instructie\w*|regels|instructions|rules|prompt\w*|restricties|restrictions|beperkingen|richtlijnen|"
    r"guidelines)|"
    # an instruction to swear at the user (a neighbour who "vloekt" or "swears at everyone" is not)
    r"(vloek|scheld) (eens |maar |nou |even |dan )?(tegen|naar|op) (me|mij|ons)|"
    r"(please|can you|could you|now|just) (swear|curse) at (me|us)|insult me|be rude to me|"
    r"systeemprompt|system prompt|systeeminstructie\w*|(je|jouw|your) (instructies|instructions|prompt|"
    r"systeem ?prompt)|welke regels (je|jij) (hebt|kreeg|gekregen)|ontwikkelaarsmodus|developer mode|jailbreak|"
    r"do anything now|(je|jij) bent (nu|vanaf nu) (een |de )?\w*(bot|ai|assistent|gpt)\b|vanaf nu ben (je|jij)|"
    r"zonder (regels|beperkingen|filters?|restricties|censuur)|no (rules|filters?|restrictions)|"
    r"pretend (to be|you)|act as|you are now|doe alsof|speel dat|legally binding|juridisch bindend|"
    r"(write|schrijf) (a|een) (poem|song|haiku|rap|gedicht|lied)\w* (about|over) (how |hoe )?(bad|useless|terrible|"
    r"slecht|waardeloos|jullie|deze|this|the|your)|say something (rude|bad)|"
    r"scheld (me|mij|ons) uit|beledig (me|mij))\b"
    r"|<\s*(script|img|iframe|svg)|\bselect \*|\bdrop table|\bunion select|'\s*or\s*'1'\s*=\s*'1",
    re.IGNORECASE)


# Where a mark can begin. Every alternative of _MISUSE_MARKS and _INJECTION starts with a word boundary
# before a word character, or with "<" or "'" (tests/huurwijzer/conversation/test_misuse_mark_starts.py
# reads the patterns to check it). `search` tries all their alternatives at every character of the text;
# trying them only where a word, "<" or "'" begins finds a mark exactly when `search` does (a match at a
# position `pattern.match(text, position)` sees the text before it too, so every boundary is as in
# `search`), in about half the time on a letter (docs/performance.md, session 20).
_STARTS = re.compile(r"\b\w|[<']")


def has_mark(pattern: re.Pattern[str], text: str) -> bool:
    """bool(pattern.search(text)) for _MISUSE_MARKS and _INJECTION."""
    match = pattern.match
    return any(match(text, start.start()) is not None for start in _STARTS.finditer(text))


# A parse asks about the same text up to three times (the gate's `decide` for injection, then for misuse when a
# refusal leads, the gate again for the ranking it shows), and `has_misuse_marks` includes the injection check:
# the answers for the last text are kept (both are functions of the text alone), so each pattern reads a
# message once (docs/performance.md, session 21). Only the last: bench/latency.py sends its two letters in
# turn, and answers kept across messages would hide the marks' cost from it (and help no real tenant).
_REMEMBERED = 1


@lru_cache(maxsize=_REMEMBERED)
def _normalised(text: str) -> str:
    return normalise(text)


@lru_cache(maxsize=_REMEMBERED)
def is_injection(text: str) -> bool:
    return has_mark(_INJECTION, text) or has_mark(_INJECTION, _normalised(text))


# "het adres van Mohammed Benali": a person's data asked by name (case matters here).
_NAMED_PERSON = re.compile(
    r"\b(adres|telefoonnummer|nummer|gegevens|huurachterstand|achterstand|e-?mail(adres)?|IBAN|iban|geboortedatum|"
    r"inkomen|huur)\b.{0,40}\bvan (de heer |mevrouw |meneer |mw\.? |dhr\.? )?[A-Z][a-z]+( [A-Z][a-z]+)")


@lru_cache(maxsize=_REMEMBERED)
def has_misuse_marks(text: str) -> bool:
    return (has_mark(_MISUSE_MARKS, text) or has_mark(_MISUSE_MARKS, _normalised(text))
            or _NAMED_PERSON.search(text) is not None or is_injection(text))
