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
from typing import Optional, Tuple

from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    OUT_OF_REACH,
    OWN_DAMAGE,
    TAKEN_OVER,
    THIRD_PARTY,
    RepairMatch,
    RepairObject,
    RepairTable,
    normalise,
)

_CONTEXT = {
    OWN_DAMAGE: re.compile(
        r"\b(per ongeluk|zelf (kapot|veroorzaakt|beschadigd|gebroken)|kapot ?gemaakt|(kapot|stuk) ?getrapt|getrapt|"
        r"gegooid|laten vallen|(stuk|kapot) ?ge(schopt|schoten|gooid|trokken|sprongen door)|geschoten|gekrabd|"
        r"opgevreten|doorgebeten|aangevreten|(mijn|onze) (zoon(tje)?|dochter(tje)?|kind(eren)?|kleine|jongen|meisje|"
        r"hond|kat|katten|honden|konijn|papegaai|gasten?|visite|logees?|vriend|vriendin|ex|man|vrouw) "
        r"(heeft|hebben|is|was) .{0,60}(kapot|stuk|gebroken|beschadigd|gat|gaten|gekrast|gekrabd|geknaagd|"
        r"gegooid|getrapt|geschopt|gevallen|laten|verstopt|doorgespoeld)|frituurvet|kattenbak|vet door|"
        r"doorgespoeld|my (son|daughter|child|kid|dog|cat) (broke|damaged)|i broke|by accident|accidentally|"
        r"(mijn|onze|ons) \w+ .{0,40}(kapot|stuk) ?(gooit|trapt|schopt|maakt|gooide|trapte|schopte|maakte)|"
        r"(na|door) het vallen van|(liet|laten) .{0,20}vallen|viel .{0,30}(op|tegen))"),
    THIRD_PARTY: re.compile(
        r"\b(inbraak|ingebroken|inbreker|inbrekers|opengebroken|braakschade|vandal\w*|vernield|vernieling|"
        r"onbekenden?|iemand heeft .{0,40}(vernield|ingegooid|ingetrapt|opengebroken)|ingegooid|"
        r"burglar\w*|break-?in|broken into|vandalism)"),
    INSTALLED_BY_TENANT: re.compile(
        r"\b(zelf (aangelegd|aangebracht|geplaatst|gemonteerd|opgehangen|gekocht\w*|ingebouwd)|"
        r"heb(ben)? (ik|wij|we) (zelf )?(\w+ ){0,4}(aangelegd|aangebracht|geplaatst|gemonteerd|"
        r"opgehangen|ingebouwd|laten plaatsen|laten aanleggen|laten installeren)|(ik|wij|we) (hebben|heb) .{0,40}"
        r"(zelf )?(aangelegd|aangebracht|opgehangen|geplaatst)|eigen aanbrenging|zav|i (installed|put in|fitted))"),
    TAKEN_OVER: re.compile(
        r"\b(overgenomen|overname|vorige (huurder|bewoner|bewoners|huurders)|vorige huurders?|van de vorige|"
        r"achtergelaten|previous tenant|took over)"),
    OUT_OF_REACH: re.compile(
        r"\b(kan (er )?(niet|nergens) bij|niet bij(\s|te\s)?(kan|komen|te komen)|(kan|kom) er (zelf )?niet bij|"
        r"niet bereikbaar|onbereikbaar|buiten bereik|te hoog|(heel|erg|zo|veel te) hoog|zonder (lange |hoge )?"
        r"(ladder|trap|steiger|hoogwerker)|hoogwerker|steiger|(lange|hoge) ladder|derde verdieping|driehoog|"
        r"vierhoog|op het dak|dak op|out of reach|can'?t reach|cannot reach|too high)"),
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


@dataclass(frozen=True)
class RepairAnalysis:
    object: Optional[RepairObject]
    score: int
    defect: Optional[str]  # the defect or task word found, if any
    context: Tuple[str, ...]  # OWN_DAMAGE, THIRD_PARTY, INSTALLED_BY_TENANT, TAKEN_OVER, OUT_OF_REACH
    alternatives: Tuple[RepairObject, ...] = ()  # equally good objects with another party
    asks_who: bool = False

    @property
    def names_repair(self) -> bool:
        """An object and a defect or task: enough to answer who repairs it."""
        return self.object is not None and self.defect is not None

    @property
    def ambiguous(self) -> bool:
        return bool(self.alternatives) and not self.context

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
    return tuple(name for name, pattern in _CONTEXT.items() if pattern.search(clean))


def analyse(table: RepairTable, text: str) -> RepairAnalysis:
    clean = normalise(text)
    defect = _DEFECT.search(clean)
    asks = bool(_WHO.search(clean))
    found = table.match_all(text)
    context = contexts(text)
    if not found:
        return RepairAnalysis(None, 0, defect.group(0) if defect else None, context, asks_who=asks)
    best_score, best = found[0]
    alternatives = tuple(obj for score, obj in found[1:]
                         if score == best_score and obj.party != best.party and obj.party != "anders")
    # A pattern of two or more words already names the defect ("kraan drup", "dakgoot lek").
    matched_defect = defect.group(0) if defect else (best.name if best_score >= 200 else None)
    return RepairAnalysis(best, best_score, matched_defect, context, alternatives, asks)
