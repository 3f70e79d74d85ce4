"""Who repairs, as its own analysis of a message, whatever topic the classifier gave it.

`analyse` finds the object and its defect or task in the repair table (knowledge/repairs.yml,
matched by huurwijzer.content.repairs: "kraan drupt" is the tenant's tap washer, "kraan versleten" our new
tap) and the context that changes the party (domain facts A7, A13, A14):

- `own_damage` (the tenant, their household, a guest or a pet caused it) -> the tenant; `third_party`
  (a burglar, vandals) -> the landlord; `installed_by_tenant` / `taken_over` (put in by the tenant
  or taken over from the previous one) -> the tenant maintains it; `out_of_reach` (a long ladder,
  scaffolding) and `landlord_neglect` (needed because a defect of ours named beside it was left, A5)
  turn a tenant's small repair into ours.
The context patterns live in huurwijzer.content.repair_context.

The defect decides first (through the table's patterns), then the context; a cause can pick the
object (huurwijzer.content.repair_causes). When two objects fit equally well, or two repairs are
named, and their parties differ, the analysis is `ambiguous` and lists both: the assistant asks
with buttons instead of guessing. The repair form reuses the analysis for its prefill.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import List, Optional, Tuple

from huurwijzer.content.repair_causes import cause_object, shared_part
from huurwijzer.content.repair_context import contexts, disputed
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repair_words import ASKS_WHO, ASKS_WHO_DIRECTLY, DEFECT, PICKING_TASK, own_word, rooms_as_place
from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    LANDLORD_NEGLECT,
    OWN_DAMAGE,
    TAKEN_OVER,
    RepairMatch,
    RepairObject,
    RepairTable,
    deciding_context,
)

# Objects of the table that name a context rather than a part of the home.
_CONTEXT_OBJECTS = frozenset({"overgenomen-van-vorige-huurder", "eigen-schade", "zelf-aangebracht"})
# When no part of the home is found, a context that decides the party for any object answers
# with the object that names it: "een leiding is kapot gevroren omdat ik onvoldoende maatregelen
# had getroffen" is the tenant's own damage, whatever the leiding is.
_OBJECT_OF_CONTEXT = {OWN_DAMAGE: "eigen-schade", INSTALLED_BY_TENANT: "zelf-aangebracht",
                      TAKEN_OVER: "overgenomen-van-vorige-huurder"}


# Defects that make a repair more than a small one (domain facts A3, A8, A9: rot, subsidence,
# leaks, damp, a burnt electrical part): on an object the table gives the tenant, they cast doubt.
_SEVERE = re.compile(
    r"\b(\w*rot(te|ten|ting)?|verrot\w*|houtrot|verzak\w*|gezakt|doorgeroest|verroest|doorgerot|gesprongen|"
    r"lekkage\w*|vocht(ig|ige|plek\w*|probleem\w*|overlast)?\b(?! doekjes)|doorslaand|optrekkend|geblakerd|"
    r"verschroeid|vonk\w*|kortsluiting|brandlucht|"
    r"schroeilucht|ingestort|constructie\w*|fundering|asbest|rotting|rotten|subsidence|structural|scorched|sparks|"
    r"leakage|rising damp|penetrating damp|burnt|melted|collapsed|crumbling|asbestos|foundations?)\b")


# A tenant's small part or task inside a landlord's installation (domain facts A7, A11): filters, grilles, bulbs
# and batteries, cleaning, greasing, bleeding and topping up. "Wie vervangt het filter van de mechanische
# ventilatie?" is about the filter, as a compound ending in the part is ("het ventilatierooster zit los").
_SMALL_PART = re.compile(r"\b\w*?(filter\w*|rooster\w*|ventielen|lampje\w*|peertje\w*|batterij\w*|batter(y|ies)|"
                         r"leertje\w*|bulbs?|grilles?|scharnier\w*|hinges?)\b")
_SMALL_TASK = re.compile(r"\b(schoonmak\w*|schoon|smeren|smeert|oli[eë]n|ontlucht\w*|bijvull\w*|bijvult|ontkalk\w*|"
                         r"clean\w*|bleed\w*|oil|grease|descal\w*|lubricat\w*|top(ping)? up|refill\w*)\b")
# Squeaking or stiff hinges and locks ask for greasing (A7), not a new door: a symptom that counts
# as the tenant's task only beside the hinges or locks ("de cv-ketel piept" is ours).
_LOCKWORK = re.compile(r"\b(scharnier\w*|slot|sloten|sluitwerk|hinges?|locks?)\b")
_GREASING = re.compile(r"\b(piep\w*|stroef|stroeve|kraakt|kraken|squeak\w*|squeal\w*|creak\w*|stiff)\b")


# A defect word that says something is wrong, not what ("kraan kapot", "de wc werkt niet").
_GENERIC = re.compile(r"\b(kapot\w*|defect\w*|stuk|(af)?gebroken|werkt (\w+ )?niet|doet (het )?niet|versleten|"
                      # a repair said to be needed ("het terras moet gerepareerd worden")
                      r"(moet|moeten) (\w+ ){0,2}(gerepareerd|hersteld|gemaakt) (worden|word)|reparatie (aan|van)|"
                      r"verroest\w*|broken|broke|not working|(doesn ?t|does not|won ?t|isn ?t|is not) work\w*"
                      r"|worn( out)?|rusty|stopped working|faulty|dead|out of order)\b")
# Wear and rust ask for a new part, not a small repair (domain facts A8).
_WEAR = re.compile(r"\b(versleten|verroest\w*|doorgeroest|worn|rusty|rusted|rusting|corroded|wear and tear)\b")
_WORN_OUT = "slijtage"  # the table's object for wear and age in normal use (ours)


@dataclass(frozen=True)
class RepairAnalysis:
    object: Optional[RepairObject]
    score: int
    defect: Optional[str]  # the defect or task word found, if any
    context: Tuple[str, ...]  # OWN_DAMAGE, THIRD_PARTY, INSTALLED_BY_TENANT, TAKEN_OVER, OUT_OF_REACH
    alternatives: Tuple[RepairObject, ...] = ()  # equally good objects with another party
    asks_who: bool = False
    asks_directly: bool = False  # asks who in so many words (ASKS_WHO_DIRECTLY), not only "jullie"
    # The table gives the tenant a small repair, but the message names a defect that is more than
    # that ("de schutting is omgewaaid, de palen zijn verrot"): ask rather than guess.
    doubt: bool = False
    # Two repairs with other parties, each in a clause of its own: `alternatives` holds the other.
    several: bool = False  # "de kraan drupt en er zit een tegel los": split on _CLAUSES

    @property
    def names_repair(self) -> bool:
        """An object and a defect or task: enough to answer who repairs it."""
        return self.object is not None and self.defect is not None

    @property
    def ambiguous(self) -> bool:
        return (bool(self.alternatives) and not self.context) or self.doubt

    def as_match(self) -> Optional[RepairMatch]:
        if self.object is None:
            return None
        return RepairMatch(self.object, self.score, OWN_DAMAGE in self.context, self.context)

    @property
    def party(self) -> Optional[str]:
        """huurder or verhuurder after the context; None when the table says it depends."""
        match = self.as_match()
        return match.party if match else None


def analyse(table: RepairTable, text: str) -> RepairAnalysis:
    clean = normalise(text)
    defect = DEFECT.search(clean)
    asks = bool(ASKS_WHO.search(clean))
    directly = bool(ASKS_WHO_DIRECTLY.search(clean))
    found = table.match_all(text)
    context = contexts(text)
    if LANDLORD_NEGLECT in context and not any(obj.party == "verhuurder" for _, obj in found):
        # "omdat de kraan nog steeds niet gemaakt is": no defect of ours named that caused it
        context = tuple(name for name in context if name != LANDLORD_NEGLECT)
    caused = cause_object(table, clean)
    if caused is not None:  # mould in a home that cannot be aired, a fire: the context decides the party
        return RepairAnalysis(caused, max((score for score, _ in found), default=0) + 1,
                              defect.group(0) if defect else caused.name, context, (), asks, directly)
    if not found:
        found = [(0, obj) for obj in (table.get(_OBJECT_OF_CONTEXT[name]) for name in context
                                      if name in _OBJECT_OF_CONTEXT) if obj is not None][:1]
    if not found:
        named = _named_by_object_word(table, text, clean)
        if named is None:
            return RepairAnalysis(None, 0, defect.group(0) if defect else None, context, asks_who=asks,
                                  asks_directly=directly)
        best, options = named
        return RepairAnalysis(best, 0, defect.group(0) if defect else best.name, context, options, asks, directly)
    # An object that only names a context ("overgenomen", "per ongeluk") gives way to a part of the
    # home named beside it: "de vorige huurder klaagde ook over de lekkage in het dak" is the roof.
    parts = [(score, obj) for score, obj in found if obj.id not in _CONTEXT_OBJECTS]
    if parts:
        found = parts
    elif not context:  # "kapotte kraan, betaal ik dat zelf?": "zelf betalen" names no context here
        named = _named_by_object_word(table, text, clean)
        if named is not None:
            return RepairAnalysis(named[0], 0, defect.group(0) if defect else named[0].name, context, named[1],
                                  asks, directly)
    best_score, best = found[0][0], shared_part(table, clean, found[0][1])  # of a shared space: ours
    alternatives = tuple(obj for score, obj in found[1:]
                         if score == best_score and obj.party != best.party and obj.party != "anders")
    # A pattern of two or more words already names the defect ("kraan drup", "dakgoot lek").
    matched_defect = defect.group(0) if defect else (best.name if best_score >= 200 else None)
    part, small_task = _tenants_part(clean, best, found, context)
    if part is not None:  # the tenant's part named inside our installation
        best, best_score, alternatives = part, next(score for score, obj in found if obj is part), ()
    doubt = small_task or _doubts(clean, best, context) or _denied(text, best, context)
    if doubt:
        alternatives = _options(table, text, best, found, "huurder" if small_task else "verhuurder")
        worn = table.get(_WORN_OUT)
        if not alternatives and not small_task and _WEAR.search(clean) and worn is not None:
            # Worn out or rusted through, and no object of ours beside it: replacing it is ours (A8).
            return RepairAnalysis(worn, best_score, matched_defect, context, (), asks, directly)
    other = None if context or doubt or alternatives else _other_repair(table, text, best, found)
    if other is not None:
        return RepairAnalysis(best, best_score, matched_defect, context, (other,), asks, directly, several=True)
    return RepairAnalysis(best, best_score, matched_defect, context, alternatives, asks, directly, doubt)


def named_match(table: RepairTable, text: str, analysis: RepairAnalysis) -> Optional[RepairMatch]:
    """The analysis's match for the who-repairs answer, naming the part when the message names it with its room
    only as a place ("de kraan in de keuken is helemaal versleten": the tap, not the worn kitchen), as the repair
    form files it, and only when the part is the same party's: the decision stays the analysis's (qa11 kept the
    form's ranking out of who repairs: there it cost blind1 a right answer). Before, the answer named the kitchen."""
    match = analysis.as_match()
    if match is None or analysis.ambiguous or not rooms_as_place(normalise(text).split()):
        return match
    top, part = table.match(text), table.match(text, part_first=True)
    if top is None or part is None or top.object.id != match.object.id or part.object.party != match.object.party:
        return match
    named = replace(match, object=part.object)
    return named if (named.party, named.deciding_context) == (match.party, match.deciding_context) else match


_CLAUSES = re.compile(r"[.;:!?,]+|\b(?:en|ook|daarnaast|bovendien|verder|and|also)\b", re.IGNORECASE)


def _other_repair(table: RepairTable, text: str, best: RepairObject,
                  found: List[Tuple[int, RepairObject]]) -> Optional[RepairObject]:
    """Another party's repair, with its defect, in a clause apart from the one that names `best`."""
    if best.party == "anders" or not any(score >= 200 and obj.party not in (best.party, "anders")
                                         for score, obj in found):  # its pattern holds in the whole text too
        return None
    clauses = [c for c in _CLAUSES.split(text) if c and len(c.split()) > 1 and DEFECT.search(normalise(c))]
    parts = [(analyse(table, c), {o.id for _, o in table.match_all(c)}) for c in clauses] if len(clauses) > 1 else []
    return next((p.object for p, ids in parts if p.object is not None and p.score >= 200 and not p.ambiguous
                 and not p.context and best.id not in ids and p.object.party not in (best.party, "anders")
                 and p.object.id not in _CONTEXT_OBJECTS
                 and any(best.id in named and p.object.id not in named for _, named in parts)), None)

def _denied(text: str, best: RepairObject, context: Tuple[str, ...]) -> bool:
    """The table gives the tenant the repair, but the message says the landlord blames the tenant
    and the tenant denies it: the cause is in dispute, so ask rather than side with either."""
    return (best.party == "huurder" and best.basis != "eigen" and not deciding_context(best.party, context)
            and disputed(text))


def _named_by_object_word(table: RepairTable, text: str,
                          clean: str) -> Optional[Tuple[RepairObject, Tuple[RepairObject, ...]]]:
    """An object word with a generic defect ("kraan kapot", "de wc werkt niet") that no pattern matched: the objects
    the word names. Wear or rust means replacing it, ours when the table has such an object (domain facts A8); one
    party among them answers; else the tenant chooses (the first object of each party as buttons). Never nothing
    when the table knows the word. A new one: the object whose name says replacing it ("een nieuwe kraan")."""
    generic = _GENERIC.search(clean) is not None
    if not generic and not _REPLACING.search(clean):
        return None
    named = [obj for obj in table.named(text) if obj.id not in _CONTEXT_OBJECTS]
    replaced = _replaced(clean, named)
    if replaced is not None:
        return replaced, ()
    if not named or not generic:
        return None
    if _WEAR.search(clean):  # ours named by its own word, else the objects with the word in their name (A7, A8)
        ours = [obj for obj in named if obj.party == "verhuurder" and own_word(clean, obj, by_pattern=True)]
        if ours:
            return ours[0], ()
        named = [obj for obj in named if own_word(clean, obj)] or named  # "slot versleten": the lock, not the door
    best = next((obj for obj in named if obj.party != "anders"), named[0])
    options: List[RepairObject] = []
    for obj in named:
        if obj.party not in (best.party, "anders") and all(o.party != obj.party for o in options):
            options.append(obj)
    return best, tuple(options)


# Asking for a new one ("een nieuwe kraan", "a new tap"), within `_NEAR_NEW` words of the object's word.
_REPLACING = re.compile(r"\b(nieuwe?|vervang\w*|new|replac\w*)\b")
_NEAR_NEW = 3


def _replaced(clean: str, named: List[RepairObject]) -> Optional[RepairObject]:
    """The named object whose name says replacing it ("kraan vervangen"), asked for next to its word ("tap")."""
    words = clean.split()
    asked = [i for i, word in enumerate(words) if _REPLACING.fullmatch(word)]
    for obj in (o for o in named if "vervangen" in o.name_words) if asked else ():
        things = {w for w in obj.name_words + tuple(normalise(obj.name_en).split())
                  if len(w) >= 3 and not _REPLACING.fullmatch(w) and not DEFECT.fullmatch(w)}
        if any(abs(i - j) <= _NEAR_NEW for i, word in enumerate(words) for j in asked
               if any(thing in word for thing in things)):
            return obj
    return None


def _doubts(clean: str, best: RepairObject, context: Tuple[str, ...]) -> bool:
    """A tenant's repair of the home (not their own things) with a severe defect its own search
    words do not explain, and no context that decides the party."""
    if best.party != "huurder" or best.basis == "eigen" or deciding_context(best.party, context):
        return False
    return bool(_unexplained(_SEVERE, clean, best))


def _tenants_part(clean: str, best: RepairObject, found: List[Tuple[int, RepairObject]],
                  context: Tuple[str, ...]) -> Tuple[Optional[RepairObject], bool]:
    """Our installation is named, but so is a small part or task of the tenant's that its own
    search words do not explain: the tenant's object that names the part, else doubt (a task
    without such an object: "wie ontkalkt de boiler?")."""
    if best.party != "verhuurder" or context:
        return None, False
    parts, tasks = _unexplained(_SMALL_PART, clean, best), _unexplained(_SMALL_TASK, clean, best)
    if _LOCKWORK.search(clean) and not _SEVERE.search(clean):
        tasks += _unexplained(_GREASING, clean, best)
    picking = parts + tasks + (_unexplained(PICKING_TASK, clean, best) if found[0][0] < 200 else [])
    for _, obj in found[1:]:  # "de verwarming moet ontlucht worden": the object that names the task
        if (obj.party == "huurder" and obj.basis != "eigen" and obj.id not in _CONTEXT_OBJECTS
                and any(stem in word for word in picking for stem in obj.stems)):
            return obj, False
    return None, bool(parts or tasks)


def _unexplained(words: re.Pattern[str], clean: str, obj: RepairObject) -> List[str]:
    """The words of `clean` that `words` finds and no search word of `obj` explains."""
    own = obj.stems
    return [m.group(0) for m in words.finditer(clean) if not any(stem in m.group(0) for stem in own)]


def _options(table: RepairTable, text: str, best: RepairObject, found: List[Tuple[int, RepairObject]],
             party: str) -> Tuple[RepairObject, ...]:
    """The buttons beside the object in doubt: objects of the other party the message matched or names."""
    options: List[RepairObject] = []
    # The same thing with the other cause first: "schimmel-ventilatie" offers "schimmel-lekkage".
    kin = [o for o in table.objects if o.id.split("-")[0] == best.id.split("-")[0]]
    for obj in [o for _, o in found] + kin + list(table.candidates(text)):
        if obj.party == party and obj not in options and obj.id != best.id:
            options.append(obj)
    return tuple(options[:2])
