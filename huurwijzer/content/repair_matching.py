"""Finding the repair table's objects in a message: its patterns (huurwijzer.content.repairs).

A pattern is a few word stems that must all occur in the message, in any order (see repairs.py for
how a stem matches a word and how the most specific match wins). The table is searched through an
index by each pattern's first stem, so only the patterns whose first stem is in the message are
scored: a message names a few of the table's 1,200 first stems, and scoring all 2,865 patterns one
by one cost 3-5 ms a message (docs/performance.md, session 11). Candidates (objects named by a word
when no pattern matched) are ranked here too.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Dict, FrozenSet, List, Optional, Protocol, Sequence, Tuple, TypeVar

from huurwijzer.content import repair_words as rw
from huurwijzer.content.repair_words import NOT_COMPOUNDS, NOT_OBJECTS, in_english_name, movable_compound, not_holding

_SHORT_SUFFIXES = ("", "t", "en", "te", "ten", "kage", "ken", "kend", "kende", "ren", "s", "je")
_STOPWORDS = frozenset(["de", "het", "een", "in", "op", "van", "aan", "met", "bij", "is", "en", "of"])
# Verbs that appear in most questions ("moet ik dat zelf vervangen?") say little about the object:
# they count for one letter, so the object words decide.
_WEAK_STEMS = frozenset(["vervang", "kapot", "repar", "maken", "nieuw", "kopen", "plaats", "doet", "werkt", "stuk",
                         "replac", "repair", "broke", "broken", "new"])
_NON_WORD = re.compile(r"[^0-9a-zà-ÿ]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class Searchable(Protocol):
    """What the matcher reads of a repair object."""

    @property
    def patterns(self) -> Tuple[Tuple[str, ...], ...]: ...

    @property
    def stems(self) -> FrozenSet[str]: ...

    @property
    def name_words(self) -> Tuple[str, ...]: ...

    @property
    def name_en_to_match(self) -> str: ...


T = TypeVar("T", bound=Searchable)
# first stem of a pattern -> (the object's place in the table, the pattern's place in the object)
PatternIndex = Dict[str, List[Tuple[int, int]]]


def _folded(run: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", run.group(0)) if not unicodedata.combining(c))


def normalise(text: str) -> str:
    """Lower case, accents folded ("geïsoleerd" is "geisoleerd"), punctuation as spaces.
    Only the runs of non-ASCII characters are decomposed (NFKD works character by character, and
    every combining mark it could reorder is dropped): a letter is read several times a message,
    and folding it character by character in Python cost about 0.06 ms each time."""
    lowered = text.lower()
    folded = lowered if lowered.isascii() else _NON_ASCII.sub(_folded, lowered)
    return " ".join(_NON_WORD.sub(" ", folded).split())


def pattern_stems(pattern: str) -> Tuple[str, ...]:
    return tuple(w for w in normalise(pattern).split() if w not in _STOPWORDS)


def _word_has(word: str, stem: str) -> bool:
    if len(stem) >= 4:
        by_chance = not_holding(stem)
        return (stem in word and (stem == word or not NOT_COMPOUNDS.match(word))
                and not (by_chance is not None and by_chance.match(word)) and not movable_compound(word, stem))
    return any(word == stem + suffix for suffix in _SHORT_SUFFIXES)


def _pattern_score(stems: Tuple[str, ...], first_word: Callable[[str], Optional[str]]) -> int:
    """`first_word(stem)`: the first word of the message that has the stem, or None."""
    if all(first_word(s) is not None for s in stems):
        strong = [s for s in stems if s not in _WEAK_STEMS]
        return 100 * len(strong) + sum(len(s) for s in strong) + len(stems) - len(strong)
    return 0


def index_patterns(objects: Sequence[Searchable]) -> PatternIndex:
    index: PatternIndex = {}
    for order, obj in enumerate(objects):
        for place, pattern in enumerate(obj.patterns):
            if pattern:
                index.setdefault(pattern[0], []).append((order, place))
    return index


def match_patterns(objects: Sequence[T], index: PatternIndex, text: str, by_part: bool = False) -> List[Tuple[int, T]]:
    """Every object a pattern of matches fully, best first (score, then the table's order).
    An object matched only through a stem inside a word that a longer stem of another
    matched object explains better is left out: "hoofdkraan lekt" is the main tap, not a
    dripping tap ("kraan lek"), although the latter pattern has more words."""
    words = normalise(text).split()
    # Stems repeat across patterns: the first word each stem is in, looked up once per message.
    first: Dict[str, Optional[str]] = {}
    # Most of the table's stems are in no word of a message: one search of the whole text (or,
    # for a short stem, of the set of words) rules them out before the word-by-word scan, which
    # cost a 110-word letter about 20 ms (docs/performance.md, "Long letters").
    # A short stem is in a word only as the word less one of its suffixes: those stems of the
    # message's words are gathered once, instead of trying every suffix on each of the table's short
    # stems (the same test, about 900 of them a message).
    joined = " ".join(words)
    short = {w[:len(w) - len(s)] for w in frozenset(words) for s in _SHORT_SUFFIXES if w.endswith(s)}

    def first_word(stem: str) -> Optional[str]:
        if stem not in first:
            possible = stem in joined if len(stem) >= 4 else stem in short
            first[stem] = next((w for w in words if _word_has(w, stem)), None) if possible else None
        return first[stem]

    places: Dict[int, List[int]] = {}
    for stem, entries in index.items():
        # the stems in no word are ruled out here, without a call (about 1,400 a message)
        if (stem in joined if len(stem) >= 4 else stem in short) and first_word(stem) is not None:
            for order, place in entries:
                places.setdefault(order, []).append(place)
    found: List[Found[T]] = []
    for order in sorted(places):
        obj = objects[order]
        best: Tuple[int, Tuple[Tuple[str, str], ...]] = (0, ())
        matched: List[Tuple[int, Tuple[str, ...]]] = []
        for place in sorted(places[order]):  # the object's own order: the first of equal scores wins
            pattern = obj.patterns[place]
            score = _pattern_score(pattern, first_word) if rw.new_beside_its_thing(pattern, words) else 0
            if score:
                matched.append((score, pattern))
            if score > best[0]:
                used = tuple((stem, str(first_word(stem))) for stem in pattern)
                best = (score, used)
        if best[0]:
            found.append((best[0], order, obj, best[1], tuple(matched)))
    return in_order(words, found, by_part)


# One matched object: its best score, its place in the table, the object, the stems of its best
# pattern with the first word that has each, and every pattern of it that matched with its score.
Found = Tuple[int, int, T, Tuple[Tuple[str, str], ...], Tuple[Tuple[int, Tuple[str, ...]], ...]]


def in_order(words: List[str], found: List[Found[T]], part_first: bool = False) -> List[Tuple[int, T]]:
    """The matched objects best first: score (less a penalty for a pattern's words far apart),
    then the table's order. An object matched only through a stem inside a word that a longer stem
    of another matched object explains better is left out."""
    stems = {stem for *_, used, _ in found for stem, _ in used}

    def shadowed(used: Tuple[Tuple[str, str], ...]) -> bool:
        return any(len(other) > len(stem) and stem in other and other in word
                   for stem, word in used for other in stems)

    kept = [f for f in found if not shadowed(f[3])] or found
    ranked = _near_first(words, kept, part_first) if len(kept) > 1 else [(f[0], f[0], f[1], f[2]) for f in kept]
    return [(score, obj) for _, score, _, obj in sorted(ranked, key=lambda f: (-f[0], f[2]))]


# A pattern's words far apart in a letter are a weaker match than one whose words stand together:
# "een nieuwe baan gevonden ... de kraan in de keuken lekt" is the dripping tap ("kraan lek"), not a
# new kitchen ("nieuwe keuken"), although the latter has more letters. Each word of the message
# between a pattern's words beyond `_NEAR` costs `_APART` points, at most `_APART_MOST`: less than one
# word of a pattern (100), so a pattern with more words still wins, only the letters' tie-break yields.
_NEAR = 2
_APART = 10
_APART_MOST = 90
# In the repair form (`part_first`), a pattern of a room named only as a place ("de kraan in de keuken is
# versleten": the tap, not "keuken versleten"): less than a pattern word, more than the letters' tie-break.
_AS_PLACE = 50


def _penalty(between: int) -> int:
    return min(_APART_MOST, _APART * max(0, between - _NEAR))


def _near_first(words: List[str], kept: List[Found[T]], part_first: bool) -> List[Tuple[int, int, int, T]]:
    """(score less the penalty, the pattern's score, place, object) of each matched object, with the
    pattern whose words stand nearest scoring best, for the objects within one pattern word of the
    best (the others cannot change places; their penalty is not computed)."""
    top = max(f[0] for f in kept)
    # "de kraan in de keuken": one word between; "de ketel geeft 0,5 bar": a number is no word between
    content = [w for w in words if w not in _STOPWORDS and not w.isdigit()]
    where: Dict[str, List[int]] = {}
    as_place = rw.rooms_as_place(words) if part_first else frozenset()

    def places(stem: str) -> List[int]:
        if stem not in where:
            where[stem] = [i for i, w in enumerate(content) if stem in w and _word_has(w, stem)] or [-1]
        return where[stem]

    ranked = []
    for score, order, obj, _, matched in kept:
        if score > top - 100:
            score, raw = max(((s - _penalty(_gap([places(stem) for stem in pattern]))
                               - _AS_PLACE * _room_only(pattern, as_place, content, places), s)
                              for s, pattern in matched if s > top - 100), key=lambda p: p[0])
            ranked.append((score, raw, order, obj))
        else:
            ranked.append((score, score, order, obj))
    return ranked


def _room_only(stems: Sequence[str], rooms: FrozenSet[str], words: List[str], at: Callable[[str], List[int]]) -> bool:
    """The pattern names the room itself ("keuken versleten", not "verlichting hal"), here only a place."""
    in_place = [all(i >= 0 and words[i] in rooms for i in at(stem)) for stem in stems] if rooms else []
    return any(in_place) and all(room or rw.only_a_defect(stem) or stem in _WEAK_STEMS
                                 for stem, room in zip(stems, in_place, strict=True))


def _gap(spots: List[List[int]]) -> int:
    """The fewest words between the words of a pattern, one place chosen per stem (-1: not a
    content word, such as a stem in a stopword)."""
    if any(places == [-1] for places in spots):
        return 0
    best = None
    for anchor in spots[0]:
        # the nearest place of every other stem to the anchor bounds the window well enough for two or
        # three stems, and is exact for two
        chosen = [anchor] + [min(places, key=lambda p: abs(p - anchor)) for places in spots[1:]]
        between = max(chosen) - min(chosen) - (len(set(chosen)) - 1)
        best = between if best is None else min(best, between)
    return best or 0


@dataclass(frozen=True)
class NameIndex:
    """Where the words of the objects' names and search stems are, so that a message's words are
    compared only with the name words they can rank against (`_name_rank` needs one word inside the
    other): comparing every word with every object's name cost a 110-word letter 20-26 ms."""

    by_stem: Dict[str, Tuple[int, ...]]  # search stem -> the objects (places in the table) that have it
    by_name: Dict[str, Tuple[int, ...]]  # name word -> the objects whose name has it
    joined: str  # every name word between bars: one search tells whether a word is inside any of them
    long_names: Tuple[str, ...]  # the name words `_name_rank` finds inside a longer word (5+ letters)


def index_names(objects: Sequence[Searchable]) -> NameIndex:
    by_stem: Dict[str, List[int]] = {}
    by_name: Dict[str, List[int]] = {}
    for order, obj in enumerate(objects):
        for stem in obj.stems:
            by_stem.setdefault(stem, []).append(order)
        for name_word in dict.fromkeys(obj.name_words):
            by_name.setdefault(name_word, []).append(order)
    return NameIndex({k: tuple(v) for k, v in by_stem.items()}, {k: tuple(v) for k, v in by_name.items()},
                     "|" + "|".join(by_name) + "|", tuple(n for n in by_name if len(n) >= 5))


def rank_candidates(objects: Sequence[T], index: NameIndex, text: str, english: bool = False) -> List[Tuple[int, T]]:
    """Objects named by a word of the message, best rank first, then the table's order; in an English
    conversation, objects whose English name has a word of the message come first."""
    words = [w for w in normalise(text).split()
             if w not in _STOPWORDS and w not in NOT_OBJECTS and not any(w.startswith(s) for s in _WEAK_STEMS)]
    best: Dict[int, int] = {}

    def rank(order: int, value: int) -> None:
        if value < best.get(order, value + 1):
            best[order] = value

    for word in dict.fromkeys(w for w in words if w not in rw.FUNCTION_WORDS):
        for order in index.by_stem.get(word, ()):
            rank(order, 0)  # one of the object's search words (counted once it has a name word)
        for order in index.by_stem.get(rw.compound_head(word, index.by_stem), ()):
            rank(order, 2)  # as a name word the compound ends with: a "douchekraan" is a "kraan" (its washer too)
        related = {n for n in index.long_names if n in word}
        if word in index.by_name:
            related.add(word)
        if len(word) >= 3 and word in index.joined:
            related.update(n for n in index.by_name if word in n)
        for name_word in related:
            value = _name_rank(name_word, word)
            if value is not None:
                for order in index.by_name[name_word]:
                    rank(order, value)
    if english:
        for order, obj in enumerate(objects):
            if in_english_name(words, normalise(obj.name_en_to_match)):
                best[order] = -1  # before the Dutch words: "door" is "through" in many Dutch patterns
    return [(best[order], objects[order]) for order in sorted(best, key=lambda o: (best[o], o))
            if objects[order].name_words or best[order] == -1]


def _name_rank(name_word: str, word: str) -> Optional[int]:
    if name_word == word:
        return 0
    if len(word) < 3:
        return None
    if name_word.endswith(word):
        return 1
    if name_word.startswith(word):
        return 2
    if len(name_word) >= 5 and (word.endswith(name_word) or word.startswith(name_word)):
        return 2  # "douchekraan" is a kraan, a "wastafelblad" part of the wastafel
    return 3 if len(word) >= 4 and word in name_word else None
