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
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, List, Mapping, Optional, Sequence, Tuple

from huurwijzer.content.knowledge import KnowledgeError, read_yaml
from huurwijzer.content.repair_words import NOT_COMPOUNDS, NOT_OBJECTS, in_english_name, not_holding

PARTIES = ("huurder", "verhuurder", "anders")
# wet: Besluit kleine herstellingen or the Civil Code; bij_ons: this corporation's onderhouds-ABC;
# eigen: the tenant's own things (or taken over from the previous tenant), not a repair of the home.
BASES = ("wet", "bij_ons", "eigen")
_SHORT_SUFFIXES = ("", "t", "en", "te", "ten", "kage", "ken", "kend", "kende", "ren", "s", "je")
_STOPWORDS = frozenset(["de", "het", "een", "in", "op", "van", "aan", "met", "bij", "is", "en", "of"])
# Verbs that appear in most questions ("moet ik dat zelf vervangen?") say little about the object:
# they count for one letter, so the object words decide.
_WEAK_STEMS = frozenset(["vervang", "kapot", "repar", "maken", "nieuw", "kopen", "plaats", "doet", "werkt", "stuk",
                         "replac", "repair", "broke", "broken", "new"])
_NON_WORD = re.compile(r"[^0-9a-zà-ÿ]+")
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
    # In English, when staff wrote them (else the Dutch text is said after "In Dutch:"; a missing
    # English name is simply the Dutch name).
    explanation_en: str = ""
    condition_en: str = ""
    name_en: str = ""

    @property
    def stems(self) -> FrozenSet[str]:
        """Every word stem of its search patterns."""
        return frozenset(stem for pattern in self.patterns for stem in pattern)


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


def normalise(text: str) -> str:
    """Lower case, accents folded ("geïsoleerd" is "geisoleerd"), punctuation as spaces."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return " ".join(_NON_WORD.sub(" ", folded).split())


def _stems(pattern: str) -> Tuple[str, ...]:
    return tuple(w for w in normalise(pattern).split() if w not in _STOPWORDS)


def _word_has(word: str, stem: str) -> bool:
    if len(stem) >= 4:
        by_chance = not_holding(stem)
        return (stem in word and (stem == word or not NOT_COMPOUNDS.match(word))
                and not (by_chance is not None and by_chance.match(word)))
    return any(word == stem + suffix for suffix in _SHORT_SUFFIXES)


def _pattern_score(stems: Tuple[str, ...], first_word: Callable[[str], Optional[str]]) -> int:
    """`first_word(stem)`: the first word of the message that has the stem, or None."""
    if all(first_word(s) is not None for s in stems):
        strong = [s for s in stems if s not in _WEAK_STEMS]
        return 100 * len(strong) + sum(len(s) for s in strong) + len(stems) - len(strong)
    return 0


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

    def _ranked(self, text: str) -> List[Tuple[int, RepairObject]]:
        words = [w for w in normalise(text).split()
                 if w not in _STOPWORDS and w not in NOT_OBJECTS and not any(w.startswith(s) for s in _WEAK_STEMS)]
        found: List[Tuple[int, int, RepairObject]] = []
        for order, obj in enumerate(self.objects):
            ranks = [0 if word in obj.stems else _name_rank(name_word, word)
                     for name_word in normalise(obj.name).split() for word in words]
            best = min((r for r in ranks if r is not None), default=None)
            if self.english and in_english_name(words, normalise(obj.name_en)):
                best = -1  # before the Dutch words: "door" is "through" in many Dutch patterns
            if best is not None:
                found.append((best, order, obj))
        return [(rank, obj) for rank, _, obj in sorted(found, key=lambda f: (f[0], f[1]))]

    def match_all(self, text: str) -> List[Tuple[int, RepairObject]]:
        """Every object a pattern of matches fully, best first (score, then the file's order).
        An object matched only through a stem inside a word that a longer stem of another
        matched object explains better is left out: "hoofdkraan lekt" is the main tap, not a
        dripping tap ("kraan lek"), although the latter pattern has more words."""
        words = normalise(text).split()
        # Stems repeat across patterns: the first word each stem is in, looked up once per message.
        first: Dict[str, Optional[str]] = {}
        # Most of the table's stems are in no word of a message: one search of the whole text (or,
        # for a short stem, of the set of words) rules them out before the word-by-word scan, which
        # cost a 110-word letter about 20 ms (docs/performance.md, "Long letters").
        joined, distinct = " ".join(words), frozenset(words)

        def first_word(stem: str) -> Optional[str]:
            if stem not in first:
                possible = (stem in joined if len(stem) >= 4
                            else any(stem + suffix in distinct for suffix in _SHORT_SUFFIXES))
                first[stem] = next((w for w in words if _word_has(w, stem)), None) if possible else None
            return first[stem]

        found: List[Tuple[int, int, RepairObject, Tuple[Tuple[str, str], ...]]] = []
        for order, obj in enumerate(self.objects):
            best: Tuple[int, Tuple[Tuple[str, str], ...]] = (0, ())
            for pattern in obj.patterns:
                score = _pattern_score(pattern, first_word)
                if score > best[0]:
                    used = tuple((stem, str(first_word(stem))) for stem in pattern)
                    best = (score, used)
            if best[0]:
                found.append((best[0], order, obj, best[1]))
        stems = {stem for *_, used in found for stem, _ in used}

        def shadowed(used: Tuple[Tuple[str, str], ...]) -> bool:
            return any(len(other) > len(stem) and stem in other and other in word
                       for stem, word in used for other in stems)

        kept = [f for f in found if not shadowed(f[3])] or found
        return [(score, obj) for score, _, obj, _ in sorted(kept, key=lambda f: (-f[0], f[1]))]

    def match(self, text: str) -> Optional[RepairMatch]:
        found = self.match_all(text)
        if not found:
            return None
        return RepairMatch(found[0][1], found[0][0], bool(_OWN_DAMAGE.search(normalise(text))))


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


def _check(raw: Mapping[str, Any], where: str) -> RepairObject:
    def text(key: str, required: bool = True) -> str:
        value = raw.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{where}: veld '{key}' ontbreekt of is leeg")
        return value.strip()

    patterns = raw.get("patterns")
    if not isinstance(patterns, list) or not patterns or not all(isinstance(p, str) and _stems(p) for p in patterns):
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
    return RepairObject(
        id=text("id"), name=text("name"), patterns=tuple(_stems(p) for p in patterns), party=party,
        basis=basis, subscription=bool(raw["subscription"]), urgent=bool(raw["urgent"]),
        explanation=text("explanation"), condition=text("condition", required=False),
        sources=tuple(str(s["url"]) for s in sources),
        explanation_en=text("explanation_en", required=False), condition_en=text("condition_en", required=False),
        name_en=text("name_en", required=False),
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

