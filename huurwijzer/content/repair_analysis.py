"""Who repairs, as its own analysis of a message, whatever topic the classifier gave it.

`analyse` finds the object and its defect or task in the repair table (knowledge/repairs.yml,
matched by huurwijzer.content.repairs: "kraan drupt" is the tenant's tap washer, "kraan versleten" our new
tap) and the context that changes the party (domain facts A7, A13, A14):

- `own_damage`: the tenant, their child, guest or pet caused it -> the tenant;
- `third_party`: a burglar or vandals broke it -> the landlord (the tenant reports it to the police);
- `installed_by_tenant` / `taken_over`: the tenant put it in, or took it over from the previous
  tenant -> the tenant maintains it;
- `out_of_reach`: a small repair that cannot be reached without a long ladder, scaffolding or a
  lift -> no longer a small repair, so the landlord.

The defect decides first (through the table's patterns), then the context. When two objects fit
equally well and their parties differ, the analysis is `ambiguous` and lists both, so the
assistant asks with buttons instead of guessing. The repair form can reuse the same analysis for
its prefill (object, defect, context).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    OUT_OF_REACH,
    OWN_DAMAGE,
    TAKEN_OVER,
    THIRD_PARTY,
    RepairMatch,
    RepairObject,
    RepairTable,
    deciding_context,
    normalise,
)

# Who in the household can cause damage (the tenant's own damage, domain fact A13).
_HOUSEHOLD = (r"(mijn|onze|ons|m'n|mn|my|our) (zoon(tje)?|dochter(tje)?|kind(je|eren)?|kleinzoon|kleindochter|"
              r"kleinkind(eren)?|kleine|jongen|meisje|hond(je)?|honden|kat(ten)?|poes|kitten|konijn|cavia|papegaai|puppy|"
              r"gast(en)?|visite|bezoek|log[eé]e?s?|vriend(in|je)?|ex|man|vrouw|partner|broer(tje)?|zus(je)?|neef(je)?|"
              r"nicht(je)?|huisgenoot|son|daughter|child|kids?|dog|cat|guests?)")
# Verbs of damage done by someone (not of a defect that happened by itself).
_DAMAGING = (r"(kapot ?ge(maakt|gooid|trapt|schopt|schoten|trokken)|stuk ?ge(maakt|gooid|trapt|schopt)|"
             r"(in|door)gegooid|"
             r"ingetrapt|ingeslagen|ingeschopt|"
             r"ge(gooid|trapt|schopt)|beschadigd|gekrast|gekrabd|opengekrabd|kapotgekrabd|geknaagd|aangevreten|"
             r"doorgebeten|opgevreten|verstopt|doorgespoeld|gebroken|uit de scharnieren|broke|damaged|scratched|"
             r"(kapot|stuk) ?(gooit|trapt|schopt|maakt|gooide|trapte|schopte|maakte))")
# Fitted, built or laid: what a tenant (or the previous tenant) did to the home.
_FITTED = (r"\b(aangelegd|aangebracht|geplaatst|gemonteerd|opgehangen|ingebouwd|gebouwd|gelegd|getimmerd|"
           r"geinstalleerd|geïnstalleerd)")
# What a tenant places without fitting anything to the home: "ik heb een melding geplaatst",
# "ik heb emmers neergezet" say nothing about who installed the broken part.
_NOT_FITTINGS = re.compile(r"\b(melding\w*|bericht\w*|klacht\w*|reactie\w*|foto\w*|emmer\w*|handdoek\w*|bakken|"
                           r"pannen|afspraak\w*|verzoek\w*|advertentie\w*)\b")
_HAD_FITTED = rf"({_FITTED}|laten (plaatsen|aanleggen|installeren|bouwen|leggen))"
_CONTEXT = {
    # The tenant, a housemate, a guest or a pet as the one who did it: "mijn zoon heeft de ruit
    # kapot gegooid". Being hurt by a defect is not damage done ("mijn dochter is gevallen over
    # een losse tegel"), and a thing thrown by an unknown person is a third party's.
    OWN_DAMAGE: re.compile(
        r"\b(per ongeluk|zelf (kapot|veroorzaakt|beschadigd|gebroken)|kapotgemaakt|frituurvet|kattenbak|vet door|"
        r"(liet|laten|heb|hebben|had) (\w+ ){0,4}(laten )?vallen\b|viel (uit|van) (mijn|onze) hand|"
        r"(na|door) het (laten )?vallen van (een|mijn|onze|de) (\w*pan|fles|pot|glas|beker|kop\w*|strijkijzer|"
        r"hamer|blik\w*|kast|stoel|tv|televisie|spiegel|bal|schaal|bord\w*|gewicht\w*|halter\w*)\b|"
        rf"{_HOUSEHOLD} (heeft|hebben|had|hadden) .{{0,60}}{_DAMAGING}|"
        rf"(heeft|hebben|had|hadden) {_HOUSEHOLD} .{{0,60}}{_DAMAGING}|"
        rf"{_HOUSEHOLD} (is|was) .{{0,30}}(tegen|door|in) .{{0,40}}"
        r"(gevallen|gelopen|gereden|gebotst|gesprongen|gegooid)|"
        rf"{_HOUSEHOLD} \w+ .{{0,40}}(kapot|stuk) ?(gooit|trapt|schopt|maakt|gooide|trapte|schopte|maakte)|"
        rf"\b(ik|we|wij) (heb|hebben|had|hadden) ((?!\b(dat|omdat|gezien|gemerkt|ontdekt)\b).){{0,50}}"
        r"(kapot ?ge(maakt|gooid|trapt)|stuk ?ge(maakt|gooid)|beschadigd|gekrast|verstopt|doorgespoeld|gebroken)|"
        r"(hebben|heb) (we|wij|ik) .{0,50}(kapot ?ge(maakt|gooid|trapt)|beschadigd|gekrast|verstopt|doorgespoeld)|"
        r"my (son|daughter|child|kid|kids|dog|cat) (broke|damaged|scratched|blocked)|i broke|we broke|"
        r"by accident|accidentally)"),
    THIRD_PARTY: re.compile(
        r"\b(inbraak\w*|ingebroken|inbreken|in te breken|inbreker|inbrekers|opengebroken|braakschade|geforceerd|"
        r"vandal\w*|vernield|vernieling|onbekenden?|iemand heeft .{0,40}(vernield|ingegooid|ingetrapt|opengebroken|"
        r"kapot|gegooid)|ingegooid|ingetrapt|(werd|is|zijn|werden) .{0,40}(door|in|kapot ?|stuk ?)gegooid|"
        r"hangjongeren|burglar\w*|break-?in|broke in|broken into|kicked in|vandalism)"),
    INSTALLED_BY_TENANT: re.compile(
        rf"\b(zelf (\w+ ){{0,3}}{_FITTED}|zelf gekocht\w*|zelf ?gebouwd\w*|zelf ?gemaakt\w*|"
        rf"heb(ben)? (ik|wij|we) (zelf )?(\w+ ){{0,5}}{_HAD_FITTED}|"
        rf"(ik|wij|we) (hebben|heb|had|hadden) ((?!\b(dat|omdat|de corporatie|jullie|verhuurder)\b).){{0,50}}"
        rf"{_HAD_FITTED}|"
        rf"(die|dat) (ik|wij|we) (zelf )?(heb|hebben|had|hadden) {_FITTED}|"
        rf"(mijn|onze) (man|vrouw|partner|vader|zoon|schoonzoon|broer|vriend) (heeft|had) .{{0,50}}{_FITTED}|"
        r"eigen aanbrenging|zav|i (installed|put in|fitted)|we (installed|put in|fitted))"),
    # The previous tenant left it (only what was left or fitted: "de vorige huurder klaagde ook
    # over de lekkage" is history, not a thing taken over).
    TAKEN_OVER: re.compile(
        r"\b(overgenomen (van|bij|toen|met)|(heb|hebben|had|hadden) .{0,60}overgenomen|"
        r"(vorige|previous) \w+ overgenomen|ter overname|overname(formulier|lijst)?|"
        r"vorige .{0,60}achtergelaten|achtergelaten (door|van) de vorige|vorige \w+ (liet|lieten) .{0,60}\bachter\b|"
        rf"vorige (huurder|bewoner|huurders|bewoners)s? .{{0,60}}{_FITTED}|{_FITTED} (door|van) de vorige|"
        r"previous tenants? (installed|put in|fitted|left)|took (it )?over)"),
    OUT_OF_REACH: re.compile(
        r"\b(kan (ik |je |we |wij )?(er )?(zelf )?(niet|nergens) bij|niet bij(\s|te\s)?(kan|komen|te komen)|"
        r"(kan|kom) (ik |je |we )?(er )?(zelf )?niet bij|daar kan ik niet bij|"
        r"niet bereikbaar|onbereikbaar|buiten bereik|te hoog|(heel|erg|zo|veel te) hoog|zonder (lange |hoge )?"
        r"(ladder|trap|steiger|hoogwerker)|geen (lange |hoge )?ladder|hoogwerker|steiger|(lange|hoge) ladder|"
        r"\d+ meter hoog\w*|meter hoogte|boven (het|de) trapgat|derde verdieping|driehoog|drie hoog|"
        r"vierhoog|vier hoog|op het dak|dak op|out of reach|can'?t reach|cannot reach|too high)"),
}
# Naming a defect or task, beside the object: without one, "wie repareert mijn kraan?" is only an object.
_DEFECT = re.compile(
    r"\b(kapot|stuk|lek\w*|drup\w*|druppel\w*|verstop\w*|los|loszit\w*|wiebel\w*|gebroken|gebarsten|barst\w*|"
    r"scheur\w*|rot\w*|verrot|verzak\w*|zakt|klemt|klemmen|sluit niet|gaat niet|doet (het )?niet|werkt niet|"
    r"storing|piep\w*|stroef|zwaar|krom\w*|roest\w*|schimmel\w*|vocht\w*|nat|stinkt|ruik\w*|versleten|oud|"
    r"kalk\w*|vies|zwart|vol|brokkel\w*|afgebroken|uitgevallen|valt uit|springt|slaat af|doorlopen|loopt door|"
    r"loopt niet|traag|vervangen|vervang\w*|smeren|oli[eë]n|ontstop\w*|schoonmak\w*|bijvull\w*|ontlucht\w*|"
    r"witten|sausen|schilder\w*|verven|snoei\w*|beschadig\w*|gat|gaten|geen (warm )?water|geen verwarming|"
    r"koud|kraakt|tocht|geluid|lawaai|herrie|bromt|brommend|borrel\w*|broken|leak\w*|drip\w*|blocked|"
    r"clogged|stuck|loose|cracked|not working|stopped working|damaged|mould|mold|"
    # Colloquial and news-style words for the same defects ("de lift is al weken defect", "houtrot").
    r"kapot\w*|defect\w*|houtrot|\w*rot(te|ting)|verrott?\w*|gescheurd\w*|afbrokkel\w*|natte?|stank|"
    r"valt (\w+ )?uit|uitgevallen|buiten (werking|gebruik)|loopt over|overstroom\w*|ijskoud\w*|tochtig\w*|"
    r"doorgezakt|weggezakt|ingezakt|broke|break\w*|rott?(en|ing)|crack\w*|damp|leaking|leaks|drafty|draughty|"
    r"(doesn'?t|does not|did not|didn'?t|has not|hasn'?t|won'?t|isn'?t) work\w*|out of order|no (hot )?water|"
    r"no heating|cold|blocked|unblock\w*|replac\w*|repaint\w*|paint\w*|clean\w*|bleed\w*|warped|"
    r"vallen|valt|viel|naar beneden|klemmen|niet (meer )?warm|bladder\w*)\b")
# The message asks who is responsible or who pays, in any words.
_WHO = re.compile(
    r"\b(wie (betaalt|repareert|maakt|vervangt|doet|regelt|herstelt|is verantwoordelijk|gaat (dat|dit|het|er)|"
    r"moet (dat|dit|het|de|die|een|mijn|onze|ons|er))|voor wie|wiens|zelf|betaal\w*|kosten|rekening|"
    r"verantwoordelijk\w*|aansprakelijk\w*|verplicht\w*|vergoed\w*|opdraaien|huurder|verhuurder|huisbaas|"
    r"eigenaar|corporatie|woningcorporatie|woningbouw\w*|jullie|mijn (taak|zaak)|taak van|onderhoud\w*|"
    r"kleine herstelling\w*|moet ik (dat |dit |het )?(zelf )?(laten )?(maken|repareren|vervangen|betalen|doen)|"
    r"who|whose|pay|paid|responsib\w*|landlord|tenant|liable|obliged|"
    r"huurbaas|woonstichting|woningstichting|wooncorporatie|hoef ik|hoeven (wij|we)|laten maken|"
    r"housing (association|corporation)|do i (have|need) to|should i|must i|is it my)\b")


# Objects of the table that name a context rather than a part of the home.
_CONTEXT_OBJECTS = frozenset({"overgenomen-van-vorige-huurder", "eigen-schade"})


# Defects that make a repair more than a small one (domain facts A3, A8, A9: rot, subsidence,
# leaks, damp, a burnt electrical part): on an object the table gives the tenant, they cast doubt.
_SEVERE = re.compile(
    r"\b(\w*rot(te|ten|ting)?|verrot\w*|houtrot|verzak\w*|gezakt|doorgeroest|verroest|doorgerot|gesprongen|"
    r"lekkage\w*|vocht(ig|ige|plek\w*|probleem\w*|overlast)?\b(?! doekjes)|doorslaand|optrekkend|geblakerd|"
    r"verschroeid|vonk\w*|kortsluiting|brandlucht|"
    r"schroeilucht|ingestort|constructie\w*|fundering|asbest|rotting|rotten|subsidence|structural|scorched|sparks)\b")


# Asking who is responsible in so many words, not only naming us ("jullie", "de corporatie"):
# a neighbour topic's message that names a repair but only says "jullie" is not sent to the table.
_WHO_DIRECT = re.compile(
    r"\b(wie|voor wie|wiens|betaal\w*|kosten|rekening|verantwoordelijk\w*|aansprakelijk\w*|verplicht\w*|"
    r"vergoed\w*|opdraaien|mijn (taak|zaak)|taak van|kleine herstelling\w*|onderhoudsabc|onderhouds abc|"
    r"moet ik (\w+ ){0,5}zelf|zelf (\w+ ){0,3}(maken|repareren|vervangen|betalen|doen|oplossen|smeren|herstellen|"
    r"ontstoppen|schoonmaken|regelen|laten)|hoef ik|hoeven (wij|we)|moet (de|mijn) (verhuurder|corporatie|"
    r"huisbaas|huurbaas|eigenaar|woningcorporatie)|who|whose|pay|paid|responsib\w*|liable|obliged|"
    r"do i (have|need) to|should i|must i|is it my|is it the landlord)\b")


# A tenant's small part or task inside a landlord's installation (domain facts A7, A11): filters,
# grilles, bulbs and batteries are the tenant's, as are cleaning, greasing, bleeding and topping
# up. "Wie vervangt het filter van de mechanische ventilatie?" is about the filter.
_SMALL_PART = re.compile(r"\b(filter\w*|rooster\w*|ventielen|lampje\w*|peertje\w*|batterij\w*|batter(y|ies)|"
                         r"leertje\w*|bulbs?|grilles?)\b")
_SMALL_TASK = re.compile(r"\b(schoonmak\w*|schoon|smeren|smeert|oli[eë]n|ontlucht\w*|bijvull\w*|bijvult|ontkalk\w*|"
                         r"clean\w*|bleed\w*|oil|grease|descal\w*)\b")


@dataclass(frozen=True)
class RepairAnalysis:
    object: Optional[RepairObject]
    score: int
    defect: Optional[str]  # the defect or task word found, if any
    context: Tuple[str, ...]  # OWN_DAMAGE, THIRD_PARTY, INSTALLED_BY_TENANT, TAKEN_OVER, OUT_OF_REACH
    alternatives: Tuple[RepairObject, ...] = ()  # equally good objects with another party
    asks_who: bool = False
    asks_directly: bool = False  # asks who in so many words (_WHO_DIRECT), not only "jullie"
    # The table gives the tenant a small repair, but the message names a defect that is more than
    # that ("de schutting is omgewaaid, de palen zijn verrot"): ask rather than guess.
    doubt: bool = False

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


def contexts(text: str) -> Tuple[str, ...]:
    clean = normalise(text)
    return tuple(name for name, pattern in _CONTEXT.items()
                 if any(name != INSTALLED_BY_TENANT or not _NOT_FITTINGS.search(found.group(0))
                        for found in pattern.finditer(clean)))


def analyse(table: RepairTable, text: str) -> RepairAnalysis:
    clean = normalise(text)
    defect = _DEFECT.search(clean)
    asks = bool(_WHO.search(clean))
    directly = bool(_WHO_DIRECT.search(clean))
    found = table.match_all(text)
    context = contexts(text)
    if not found:
        return RepairAnalysis(None, 0, defect.group(0) if defect else None, context, asks_who=asks,
                              asks_directly=directly)
    # An object that only names a context ("overgenomen", "per ongeluk") gives way to a part of the
    # home named beside it: "de vorige huurder klaagde ook over de lekkage in het dak" is the roof.
    parts = [(score, obj) for score, obj in found if obj.id not in _CONTEXT_OBJECTS]
    if parts:
        found = parts
    best_score, best = found[0]
    alternatives = tuple(obj for score, obj in found[1:]
                         if score == best_score and obj.party != best.party and obj.party != "anders")
    # A pattern of two or more words already names the defect ("kraan drup", "dakgoot lek").
    matched_defect = defect.group(0) if defect else (best.name if best_score >= 200 else None)
    part, small_task = _tenants_part(clean, best, found, context)
    if part is not None:  # the tenant's part named inside our installation
        best, best_score, alternatives = part, next(score for score, obj in found if obj is part), ()
    doubt = small_task or _doubts(clean, best, context)
    if doubt:
        alternatives = _options(table, text, best, found, "huurder" if small_task else "verhuurder")
    return RepairAnalysis(best, best_score, matched_defect, context, alternatives, asks, directly, doubt)


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
    for _, obj in found[1:]:
        if (obj.party == "huurder" and obj.basis != "eigen" and obj.id not in _CONTEXT_OBJECTS
                and any(stem in word for word in parts for stem in obj.stems)):
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
    for obj in [o for _, o in found] + list(table.candidates(text)):
        if obj.party == party and obj not in options and obj.id != best.id:
            options.append(obj)
    return tuple(options[:2])
