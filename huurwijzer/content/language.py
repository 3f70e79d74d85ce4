"""Which language a tenant writes in. Dutch is the default: a short or ambiguous message counts
as Dutch (or as the language the conversation already had), so "ok", "verder" or "HC-100021"
never switch languages.

Detection is lingua (lingua-language-detector) restricted to the languages tenants of a Dutch
corporation write most, in low-accuracy mode: measured about 0.03 ms and 30 MB per process,
against 0.08 ms and 220 MB in high-accuracy mode (report of branch `lang`). The detector is built
on first use, never at import.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable, Mapping, Optional

DUTCH, ENGLISH = "nl", "en"
# ISO 639-1 codes. The order is the order of the lingua names below.
LANGUAGES = ("nl", "en", "de", "fr", "tr", "ar", "pl", "es")
_LINGUA_NAMES = ("DUTCH", "ENGLISH", "GERMAN", "FRENCH", "TURKISH", "ARABIC", "POLISH", "SPANISH")
# Key of the parse result (set by bot.nlu.language.LanguageDetector) and of the detected
# language in a user event's parse data.
PARSE_KEY = "language"
# Fewer words than this say too little to leave Dutch.
MIN_WORDS = 3
# English must reach this confidence; a language we do not answer in must be nearly certain, since
# a Dutch message taken for German gets no answer at all ("prettige avond verder" is 0.83 German).
MIN_CONFIDENCE = 0.75
MIN_OTHER_CONFIDENCE = 0.95
_WORD = re.compile(r"[^\W\d_]{2,}")
_TOKEN = re.compile(r"[^\W\d_]+(?:'[a-z]+)?")
# Short messages: lingua itself is unreliable below a few words ("I lost my keys" reads as German
# in low-accuracy mode). There the frequent function words of the two languages we answer in
# decide between Dutch and English; only words that exist in one of the two count.
_ENGLISH_WORDS = frozenset("""i i'm am my me you your the a an is are was can could do does did how what who where
when why which to of with have has had please want need would should this that it it's there my our not no yes
and or for from about at on get got lost new in""".split())  # words in both lists count for neither
_DUTCH_WORDS = frozenset("""ik mijn me mij je jij jouw u uw de het een is ben zijn was kan kun kunt hoe wat wie waar
wanneer waarom welke van met heb hebt heeft hebben graag wil wilt moet moeten dit dat die er niet geen ja nee en of
voor naar over bij op aan te om nog al ook maar wel""".split())
# Frequent words of the other languages: lingua is "nearly certain" of a language for a keyboard
# mash too ("asdkjh qweoiu zxcm" is 0.95 Spanish), so another language also needs one of its own
# everyday words, or for Arabic its script. A real message without one stays Dutch (the default).
_OTHER_WORDS = {
    "de": frozenset("""ich du sie er wir ihr mein meine ist sind bin hat habe haben nicht kein keine ein eine
der die das und oder wer was wie wo wann warum mit von zu für auf bei ja nein bitte kann können muss""".split()),
    "fr": frozenset("""je tu il elle nous vous mon ma mes est suis sont ai avez ont ne pas un une le la les et ou
qui quoi comment où quand pourquoi avec pour dans sur oui non merci peux puis plus depuis""".split()),
    "tr": frozenset("""ben sen o biz siz benim bu şu ve veya ne nasıl nerede neden için ile var yok evet hayır mı
mi mu mü lütfen ev evim kira""".split()),
    "pl": frozenset("""ja ty on ona my wy mój moja moje jest są mam nie tak czy co jak gdzie kiedy dlaczego i lub w
na z do dla proszę mogę mieszkanie""".split()),
    "es": frozenset("""yo tú él ella mi mis es son soy estoy tengo tiene no sí un una el la los las y o que qué cómo
dónde cuándo por para con en puedo gracias""".split()),
}
_ARABIC = re.compile(r"[\u0600-\u06ff]")
# This many function words of one language and none of the other decide a short message.
MIN_FUNCTION_WORDS = 2
# A long message is judged by its first this many words: a letter's language shows in its opening
# sentences, and lingua's cost grows with the text (a 110-word letter 0.7 ms, its first 40 words 0.2 ms;
# docs/performance.md, "Session 15: letters (branch letters3)").
DETECT_WORDS = 40
# English function words (and no Dutch one) that overrule lingua's Dutch.
ENGLISH_OVER_DUTCH = 3


@lru_cache(maxsize=1)
def _detector() -> Any:
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in _LINGUA_NAMES]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def _function_words(text: str, dutch_needed: int = MIN_FUNCTION_WORDS,
                    english_needed: int = MIN_FUNCTION_WORDS) -> Optional[str]:
    words = [w.lower() for w in _TOKEN.findall(text)]
    english = sum(w in _ENGLISH_WORDS and w not in _DUTCH_WORDS for w in words)
    dutch = sum(w in _DUTCH_WORDS and w not in _ENGLISH_WORDS for w in words)
    if english >= english_needed and dutch == 0:
        return ENGLISH
    if dutch >= dutch_needed and english == 0:
        return DUTCH
    return None


def detect(text: str) -> Optional[str]:
    """The language of `text` as an ISO code when the text says enough to decide, else None
    (the caller keeps the conversation's language, Dutch by default). A long text is judged by its
    first DETECT_WORDS words."""
    words = text.split()
    if len(words) > DETECT_WORDS:
        text = " ".join(words[:DETECT_WORDS])
    if len(_WORD.findall(text)) < MIN_WORDS:
        return None
    values = {str(v.language.iso_code_639_1.name).lower(): float(v.value)
              for v in _detector().compute_language_confidence_values(text)}
    best = max(values, key=lambda code: values[code])
    if best == DUTCH:  # unless it is plainly English ("can I change the lock on my front door?")
        decided = _function_words(text, dutch_needed=0, english_needed=ENGLISH_OVER_DUTCH)
        # English words and no Dutch one, too few to decide ("in the bedroom", "my front door"): lingua's
        # Dutch is a guess, so the conversation keeps its language (an English tenant's form stays English).
        if decided is not None:
            return decided
        return None if _function_words(text, 1, 1) == ENGLISH else DUTCH
    needed = MIN_CONFIDENCE if best == ENGLISH else MIN_OTHER_CONFIDENCE
    if values[best] < needed or values[best] - values.get(DUTCH, 0.0) < MIN_CONFIDENCE / 2:
        return _function_words(text)
    # Against an English guess one Dutch function word without any English one decides ("start de
    # kennismaking"); against another language two (Spanish has "en", French "de").
    decided = _function_words(text, dutch_needed=1 if best == ENGLISH else MIN_FUNCTION_WORDS)
    if decided is None and best != ENGLISH and not _has_own_words(text, best):
        return None
    return decided or best


def _has_own_words(text: str, code: str) -> bool:
    if code == "ar":
        return _ARABIC.search(text) is not None
    # A word that is Dutch too ("wie", "die", "was", "er", "en") is no evidence: "De bestrating in de
    # brandgang is kapot. Wie herstelt die?" is 0.99 German to lingua and got the German message.
    words = _OTHER_WORDS.get(code, frozenset()) - _DUTCH_WORDS
    return any(w.lower() in words for w in _TOKEN.findall(text))


# Intents that ask to talk in a language: the message counts as written in the language asked for,
# so the reply is in it and later short messages keep it ("verder in het Engels", "Dutch please").
REQUESTED = {"switch_to_english": ENGLISH, "switch_to_dutch": DUTCH}
# "ik spreek slecht Nederlands", "mijn Nederlands is niet zo goed": no request for Dutch (the
# classifier hears "spreek ... Nederlands") but for help in simple words or another language.
_DUTCH_IS_HARD = re.compile(
    r"\b(slecht|niet (zo |zo'n |heel |erg )?goed|(maar )?een (klein )?beetje|weinig|nauwelijks|amper|moeilijk|"
    r"geen goed)( \w+){0,2} (nederlands|dutch)|"
    r"\b(nederlands|dutch)( \w+){0,3} (is |zijn )?(slecht|niet (zo |heel |erg )?goed|moeilijk|lastig|bad|poor|"
    r"not (so |very )?good)\b", re.IGNORECASE)


def finds_dutch_hard(text: str) -> bool:
    """The message says the tenant's Dutch is poor (in Dutch or English)."""
    return _DUTCH_IS_HARD.search(" ".join(text.split())) is not None


# Logging out is typed in two or three words, too few to detect; its own words say the language
# ("log uit" after English messages is answered in Dutch, "log out" in English).
_LOG_OUT_WORDS = ((ENGLISH, re.compile(r"\b(?:log(?:ging)? ?(?:me )?out|sign ?(?:me )?out|log ?off)\b", re.I)),
                  (DUTCH, re.compile(r"\b(?:log\w* (?:me |mij )?(?:maar )?uit|uitlog\w*|afmelden)\b", re.I)))


def message_language(text: str, intent: Optional[str]) -> Optional[str]:
    """The language a message counts as written in: the one it asks for (REQUESTED), else `detect`'s,
    else, for a short log-out, the language of its words. A message in a language we do not answer
    in stays in it, whatever the classifier made of it."""
    code = detect(text)
    if code is not None and is_other(code):
        return code
    if code is None and intent == "log_out":
        code = next((language for language, words in _LOG_OUT_WORDS if words.search(text)), None)
    return REQUESTED.get(intent or "", code)


def conversation_language(latest: Mapping[str, Any], events: Iterable[Mapping[str, Any]] = ()) -> str:
    """The language to answer in: the latest message's, else the last one decided earlier in the
    conversation (`events`, oldest first, as the tracker sends them), else Dutch."""
    return decided_language(latest, events) or DUTCH


def decided_language(latest: Mapping[str, Any], events: Iterable[Mapping[str, Any]] = ()) -> Optional[str]:
    """The language a message of this conversation decided (as conversation_language reads it);
    None when no message said enough (a conversation of "ok" and a contract number)."""
    code = latest.get(PARSE_KEY)
    if isinstance(code, str) and code in LANGUAGES:
        return code
    for event in reversed(list(events)):
        if event.get("event") != "user":
            continue
        code = (event.get("parse_data") or {}).get(PARSE_KEY)
        if isinstance(code, str) and code in LANGUAGES:
            return code
    return None


def is_other(code: str) -> bool:
    """A language the assistant does not answer in (only a short message how to reach a person)."""
    return code not in (DUTCH, ENGLISH)
