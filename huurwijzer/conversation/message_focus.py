"""Finds the question in a tenant's message.

Real messages are often long: a greeting, a name and street, how long they have lived there,
what happened before, a worry, the question somewhere in the middle, then a signature. The
classifier and the answer should look at the question and the problem, not at the wrapping.
`focus` sets aside the greeting, the signature, personal details (name, address, postcode,
phone, e-mail, long numbers) and the story of how long they have lived there; in a long message
the question sentences count twice. `questions` gives the question sentences in order, so the
answer can offer the second one.

The same function runs inside the NLU (bot.nlu.focus_tokenizer, at training and at parse time)
and in the answering layer, so both see the same text. Plain text in, plain text out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Tuple

# A message of more words than this is "long": only its question sentences and their lead-in count.
LONG_WORDS = 40
# Up to this many words a message keeps its greeting and thanks: they may be all it says.
SHORT_WORDS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+|(?<=[.!?])(?=[A-Z])")
_GREETING = re.compile(
    r"^\s*(hallo+|hoi+|hey+|hi|hello|dear|beste|geachte|goede(morgen|middag|navond|avond|ndag)|goedendag|"
    r"good (morning|afternoon|evening)|dag|middag|morgen|mijnheer|mevrouw|heer|l\.s\.|ls)\b"
    r"[^.,!?\n]{0,40}?([,!:]|\s*$)", re.IGNORECASE)
_SIGNATURE = re.compile(
    r"^\s*(met )?(vriendelijke |hartelijke |lieve )?(groet(en|jes)?|gr\.?|mvg|m\.v\.g\.?|vriendelijke groet|"
    r"alvast (bedankt|dank)|bij voorbaat dank|dank( u| je)?( wel)? (alvast|vast)|thanks in advance|"
    r"kind regards|best regards|regards|cheers|doei|groetjes)\b", re.IGNORECASE)
_THANKS = re.compile(
    r"^\s*(dank|bedankt|thanks|thank you)( u| je| jullie)?( wel)?( alvast)?[,!.]*(\s+\w+){0,3}[.!]?\s*$",
    re.IGNORECASE)
_PERSONAL = [
    re.compile(r"\b(mijn naam is|ik heet|my name is)\s+[\w.'-]+(\s+(van|de|der|den|het|ten|ter)\b)*(\s+[A-Z][\w'-]+)?",
               re.IGNORECASE),
    re.compile(r"\b[A-Z][a-z]+(straat|laan|weg|plein|kade|gracht|singel|hof|dreef|park|dijk|pad|steeg|erf|ring)"
               r"\s+\d+\s*[a-zA-Z]?\b"),
    re.compile(r"\b\d{4}\s?[a-zA-Z]{2}\b"),  # postcode
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),  # e-mail
    re.compile(r"(\+31|\b0)[\d\s-]{8,}\d"),  # phone
    re.compile(r"\b\d{6,}\b"),  # contract, customer or account number
    re.compile(r"(?<=\bHC)\d{6,}\b", re.IGNORECASE),  # a contract number typed as one word: HC123456
]
_QUESTION_WORDS = re.compile(
    r"^\s*(wie|wat|wanneer|waar|waarom|hoe|hoeveel|welke|kan|kun|kunt|mag|moet|moeten|is|zijn|heb|hebben|"
    r"krijg|klopt|valt|geldt|betaal|betalen|komen|komt|doen|doet|wordt|who|what|when|where|why|how|can|"
    r"could|should|do|does|is|are|may)\b", re.IGNORECASE)
# History that says nothing about the question: how long they have lived there, who they are.
_STORY = re.compile(
    r"\b((woon|wonen|huur|huren) (hier|er|daar|in (deze|dit|de|het) \w+|op (dit|het) adres)? ?"
    r"(nu |al |sinds |ruim |bijna )"
    r"|ik ben (een )?\d+ jaar|(we|wij|ik) (zijn|ben) (huurder|bewoner)s? (van|bij|sinds))",
    re.IGNORECASE)
_ASKS = re.compile(r"\b(graag weten|wil (graag )?weten|vraag is|vraag me af|zou graag|i would like to know|"
                   r"i wonder)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Focus:
    text: str  # what the classifier and the answer should read
    questions: Tuple[str, ...]  # the question sentences, in order
    long: bool


def sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def _strip_personal(sentence: str) -> str:
    for pattern in _PERSONAL:
        sentence = pattern.sub(" ", sentence)
    return " ".join(sentence.split())


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or bool(_QUESTION_WORDS.match(sentence) or _ASKS.search(sentence))


def _without_story(sentence: str) -> str:
    if is_question(sentence) or not _STORY.search(sentence):
        return sentence
    head, sep, rest = sentence.partition(" maar ")
    if sep:  # "we wonen hier 12 jaar met plezier maar de vloer zakt": the part after "maar"
        return rest
    return "" if len(sentence.split()) <= 14 else sentence


def _without_wrapping(text: str) -> List[str]:
    kept: List[str] = []
    for sentence in sentences(text):
        if _SIGNATURE.match(sentence) or _THANKS.match(sentence):
            break  # the signature and whatever follows it (name, address)
        sentence = _GREETING.sub("", sentence, count=1)
        sentence = _strip_personal(sentence)
        if len(sentence.split()) >= 1 and any(ch.isalpha() for ch in sentence):
            kept.append(sentence)
    return kept


# One message is focused by the tokenizer, the sentence encoder and the gate in turn (and in the action
# server by the answer): the same text, the same frozen result, computed once.
@lru_cache(maxsize=64)
def focus(text: str) -> Focus:
    """The question part of `text`: without greeting, signature, personal details and the story of
    how long they have lived there. In a long message the question sentences count twice, so the
    question weighs more than the story around it while the problem it refers to stays in."""
    if len(text.split()) <= SHORT_WORDS:  # "hallo, is hier iemand?" is a greeting: keep its words
        parts = [_strip_personal(" ".join(text.split()))]
    else:
        parts = [kept for kept in map(_without_story, _without_wrapping(text)) if kept]
    if not parts:
        return Focus(" ".join(text.split()), (), False)
    questions = tuple(s for s in parts if is_question(s))
    long = len(text.split()) > LONG_WORDS
    if long and questions:
        return Focus(" ".join((*parts, *questions)), questions, long)
    return Focus(" ".join(parts), questions, long)
