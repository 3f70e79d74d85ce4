"""The context of a repair message that changes who repairs (domain facts A3, A5, A13, A14):
who did it (the tenant's household, a burglar), who fitted it (the tenant, the previous tenant),
whether it can be reached, and whether the small repair is needed because we left a defect.
Used by huurwijzer.content.repair_analysis.
"""

from __future__ import annotations

import re
from typing import Tuple

from huurwijzer.content.repair_causes import cannot_ventilate
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repairs import (
    INSTALLED_BY_TENANT,
    LANDLORD_NEGLECT,
    LANDLORD_WORKS,
    OUT_OF_REACH,
    OWN_DAMAGE,
    TAKEN_OVER,
    THIRD_PARTY,
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
# The same in English, where the verb follows the one who did it ("my son kicked a ball through it").
_HOUSEHOLD_EN = (r"(my|our) (\w+ )?(son|daughter|child|children|kids?|toddler|baby|boy|girl|husband|wife|partner|"
                 r"boyfriend|girlfriend|friends?|brother|sister|visitors?|guests?|dog|cat|puppy|kitten|pets?|flatmate|"
                 r"housemate|roommate|grandson|granddaughter|grandchild(ren)?|nephew|niece)")
_DAMAGING_EN = (r"(broke|broken|damaged|scratched|smashed|kicked|cracked|chewed|flushed|threw|thrown|dropped|blocked|"
                r"clogged|bit|ripped|tore|torn|pulled|snapped|knocked|drew|punctured|burnt|burned|stained|dented|hit|"
                r"ruined|bumped|crashed|pushed|slammed|jumped|climbed|hung|leaned|leant|stood|sat)")
# Fitted, built or laid: what a tenant (or the previous tenant) did to the home.
_FITTED = (r"\b(aangelegd|aangebracht|geplaatst|gemonteerd|opgehangen|ingebouwd|gebouwd|gelegd|getimmerd|"
           r"geinstalleerd|geïnstalleerd)")
# What a tenant places without fitting anything to the home: "ik heb een melding geplaatst",
# "ik heb emmers neergezet" say nothing about who installed the broken part.
_NOT_FITTINGS = re.compile(r"\b(melding\w*|bericht\w*|klacht\w*|reactie\w*|foto\w*|emmer\w*|handdoek\w*|bakken|"
                           r"pannen|afspraak\w*|verzoek\w*|advertentie\w*|requests?|complaints?|reports?|tickets?|"
                           r"messages?|photos?|pictures?|buckets?|towels?|claims?|applications?|forms?)\b")
_HAD_FITTED = rf"({_FITTED}|laten (plaatsen|aanleggen|installeren|bouwen|leggen))"
_FROST = r"\b(bevroren|gevroren|vorst\w*|bevriez\w*|vroor|frozen|froze)\b"
# What the tenant left undone in the frost: the heating off, the outside tap not shut off.
_NOT_PROTECTED = (r"\b((ik|we|wij) (\w+ ){0,5}(verwarming|cv|thermostaat|kachel) (\w+ ){0,3}(uit|laag|lager)\b|"
                  r"(verwarming|cv|thermostaat|kachel) (\w+ ){0,2}(uitgezet|uit gezet|uitgedaan|uit gedaan|laag gezet)|"
                  r"niet (gestookt|verwarmd|stoken|verwarmen)|(niet|nooit) (\w+ ){0,3}(afgesloten|afgetapt|geleegd|"
                  r"leeggemaakt|dichtgedraaid|dicht gedraaid)|vergeten (\w+ ){0,4}(af te sluiten|af te tappen|dicht te "
                  r"draaien|te legen)|onvoldoende maatregelen|heating (was )?off|(turned|switched) off the heating|"
                  r"did not (drain|protect)|didn t (drain|protect))")
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
        rf"{_HOUSEHOLD_EN} (has |have |had )?(\w+ ){{0,2}}{_DAMAGING_EN}|"
        # "I have a broken window" names a broken thing the tenant has, not damage the tenant did.
        r"\b(i|we) (?!(have|ve|had|d|got|have got|ve got) (a|an|some|two|three|several|many|no|one)\b)"
        r"(have |ve |had |d )?(\w+ ){0,2}(broke|broken|damaged|smashed|cracked|dropped|blocked|clogged|"
        r"kicked|scratched|burnt|burned|flushed|snapped|knocked|bumped|ripped|dented|stained|ruined|caused)\b|"
        r"by accident|accidentally|fell out of (my|our) hands?|"
        # Carelessness and the tenant's own use (onderhoudsABC lists, A13, A17): "verstopt door onjuist
        # gebruik", "omdat ik er steeds op loop", "het dakraam stond open en is uitgewaaid", "doordat
        # ik slecht ventileer".
        r"nalatig\w*|onvoorzichtig\w*|(onjuist|verkeerd) gebruik|eigen (toedoen|schuld)|onvoldoende maatregelen|"
        r"(ik|we|wij) (er )?(\w+ ){0,2}op (loop|lopen|liep|liepen|zit|zitten|zat|sta|staan|stond|klim|klimmen)\b|"
        r"(heb|hebben|had|hadden) .{0,40}\bbetreden\b|uit de hand (ge)?waai\w*|"
        r"((stond|stonden) open|open (stond|stonden|liet|lieten|had|hadden)) .{0,40}waai|"
        r"\w*waai\w* .{0,50}\bopen (had|hadden|liet|lieten|stond|stonden|laten staan)\b|"
        r"(ik|we|wij) ((?!(kan|kun|kunnen|kon|konden) )\w+ ){0,4}(te weinig|slecht|onvoldoende|niet genoeg) "
        r"(ventileer|ventileren|lucht|luchten)\b|"
        # Carelessness in everyday words (A13; Wooncompagnie: also damage by unintended behaviour):
        # not paying attention while cooking, a pan of oil on fire, a cigarette, a stove or a tap forgotten.
        r"niet (goed |echt |even )?(aan het )?(op ?gelet|opletten|oplette)|lette (\w+ )?niet (goed )?op|"
        r"onoplettend\w*|"
        r"(door|uit) (mijn|onze|m n|mn) (eigen )?(fout|schuld|stommiteit|onoplettendheid|slordigheid|onhandigheid)|"
        r"mijn (eigen )?(fout|stommiteit)|in slaap (gevallen|viel|vielen)|"
        r"(brandende|smeulende) (sigaret|peuk|kaars)\w*|"
        r"(sigaret|peuk|kaars)\w* (\w+ ){0,4}(laten branden|laten liggen|vergeten|omgevallen|brandend)|"
        r"(vergeten|vergat|vergeet) (\w+ ){0,5}(uit|af|dicht|weg) te (zetten|doen|draaien|halen)|"
        r"(fornuis|kookplaat|gas|pit|oven|pan|kraan|strijkijzer|kaars\w*|frituur\w*|bad|douche) (\w+ ){0,4}"
        r"((aan|open) (laten staan|gelaten|liet staan)|laten (door)?lopen|vergeten)|"
        r"(pan|olie|vet|frituur\w*) (\w+ ){0,8}(vlam (gevat|vatte)|in brand)|vlam in de pan|"
        # Frost: pipes frozen because the tenant did not heat or protect them (Wooncompagnie, bewonersgedrag).
        rf"{_FROST}.{{0,120}}{_NOT_PROTECTED}|{_NOT_PROTECTED}.{{0,120}}{_FROST}|"
        r"my (own )?fault|(wasn t|was not|not) paying attention|fell asleep|"
        r"left the (stove|hob|oven|tap|candle|iron|pan) (on|running)|forgot to turn|grease fire|pan caught fire|"
        r"cigarette|"
        # A window left ajar that the wind caught ("het raam stond op de kiep en de storm sloeg het open").
        r"(op (de|een|het) (kiep|kier|haak|haakje)|open (gelaten|laten staan)|(liet|lieten) .{0,30}\bopen\b)"
        r".{0,120}\b(wind|storm|rukwind|windstoot|waai\w*|klapte|sloeg)\b|"
        r"\b(wind|storm|windstoot) .{0,60}(op (de|een|het) (kiep|kier|haak|haakje)|open (gelaten|laten staan))|"
        r"(left|was) (it |the window )?(open|ajar) .{0,80}\b(wind|gust|storm)\b|"
        r"\bwas binnen (\w+ )?(drogen|droog|te drogen)|"
        # Overloading the wiring with one's own appliances ("er veel apparatuur op aangesloten").
        r"(te )?veel (\w+ ){0,3}(apparat\w*|apparaten|machines|kachels|stekkers) (\w+ ){0,4}(op |aan )?aangesloten|"
        r"(groep|groepen|meterkast|stopcontact\w*|installatie) (\w+ ){0,3}overbelast|overbelast\w* (\w+ ){0,3}"
        r"(groep|groepen|meterkast|stopcontact\w*)|overload\w* (the )?(circuit|socket|fuse)\w*|"
        # Load and misuse: "omdat ik er iets zwaars op heb gezet", "doordat ik erop ging staan".
        r"iets (te )?zwaars? (\w+ ){0,4}(op|aan|in|tegen|neer)\w*|te zwaar (belast|beladen)|"
        # A heavy thing named by a noun: "een zware pan erop gezet", "er een zwaar beeld op gelegd".
        r"\bzwaar\w* (\w+ ){0,5}(er ?)?(op|aan|in|tegen) (\w+ ){0,3}(gezet|gelegd|geplaatst|gehangen|opgehangen|"
        r"neergezet|gestald)\b|(heavy|weighty) \w+ (\w+ ){0,3}(on|from|against) (it|the)|"
        r"(te )?zware \w+ (\w+ ){0,3}(op|aan|in) (\w+ ){0,4}(gezet|gelegd|geplaatst|gehangen|opgehangen)\b|"
        r"(ik|we|wij|hij|zij|ze) (\w+ ){0,3}(er ?op|er ?aan|er ?in) (\w+ ){0,2}(staan|zitten|hangen|geklommen|"
        r"gesprongen|gestaan|gezeten|gehangen|geleund|leunen)\b|verkeerd (\w+ ){0,2}gebruikt|niet (goed|juist) "
        r"gebruikt|oneigenlijk gebruik\w*|"
        r"(put|placed|set|dropped) (something|a) heavy|too heavy|(stood|sat|climbed|hung|leaned) on (it|the)|"
        r"(left|leaving) (it |the \w+ )?(open|ajar) .{0,80}\b(blew|slammed)\b|"
        r"misus\w*|used it wrong\w*|wrong use)"),
    THIRD_PARTY: re.compile(
        r"\b(inbraak\w*|ingebroken|inbreken|in te breken|inbreker|inbrekers|opengebroken|braakschade|geforceerd|"
        r"vandal\w*|vernield|vernieling|onbekenden?|iemand heeft .{0,40}(vernield|ingegooid|ingetrapt|opengebroken|"
        r"kapot|gegooid)|ingegooid|ingetrapt|(werd|is|zijn|werden) .{0,40}(door|in|kapot ?|stuk ?)gegooid|"
        r"hangjongeren|brandstichting|brand gesticht|(in brand|brand) gestoken|aangestoken|arson\w*|set fire|"
        r"burglar\w*|break ?ins?|broke in|broken into|kicked in|vandalism|"
        r"(someone|somebody|strangers?|thie(f|ves)|youths|intruders?) (\w+ ){0,3}(smashed|broke|kicked|damaged|threw|"
        r"forced|vandali\w*|cracked|ripped|stole)|thie(f|ves)|robbery|robbed|intruders?|(was|were|got) vandali\w*)"),
    INSTALLED_BY_TENANT: re.compile(
        rf"\b(zelf (\w+ ){{0,3}}{_FITTED}|zelf gekocht\w*|zelf ?gebouwd\w*|zelf ?gemaakt\w*|"
        rf"heb(ben)? (ik|wij|we) (zelf )?(\w+ ){{0,5}}{_HAD_FITTED}|"
        rf"(ik|wij|we) (hebben|heb|had|hadden) ((?!\b(dat|omdat|de corporatie|jullie|verhuurder)\b).){{0,50}}"
        rf"{_HAD_FITTED}|"
        rf"(die|dat) (ik|wij|we) (zelf )?(heb|hebben|had|hadden) {_FITTED}|"
        rf"(mijn|onze) (man|vrouw|partner|vader|zoon|schoonzoon|broer|vriend) (heeft|had) .{{0,50}}{_FITTED}|"
        r"eigen aanbrenging|zav|i (installed|put in|fitted)|we (installed|put in|fitted)|"
        r"(installed|put in|fitted|placed|mounted|hung up|laid|built|bought|added) (\w+ ){0,4}(myself|ourselves)|"
        r"\b(i|we) (have |ve |had |d )?(\w+ ){0,2}(installed|fitted|put in|built|laid|placed|mounted|hung up|added)\b|"
        r"(my|our) (husband|wife|partner|father|dad|son|brother|friend) (\w+ ){0,2}"
        r"(installed|fitted|put in|built|laid)|"
        r"installed by (me|us)|(my|our) own (property|\w+ that (i|we) (installed|fitted|bought))|"
        r"zelf ?(aangebrachte|geplaatste|gelegde|gebouwde|gemonteerde)|"
        r"(?<!niet )(?<!geen )(mijn|ons|onze) (eigen )?eigendom|eigendom van (mij|ons|mezelf|de huurder))"),
    # The previous tenant left it (only what was left or fitted: "de vorige huurder klaagde ook
    # over de lekkage" is history, not a thing taken over).
    TAKEN_OVER: re.compile(
        r"\b(overgenomen (van|bij|toen|met)|(heb|hebben|had|hadden) .{0,60}overgenomen|"
        r"(vorige|previous) \w+ overgenomen|ter overname|overname(formulier|lijst)?|"
        # Taking over still to come or under way: "mag ik de schuur van de vorige huurder overnemen?"
        r"over te nemen|(overnemen|overneem|overneemt|overnam|overnamen)\b|take (it )?over|taking over|"
        r"vorige .{0,60}achtergelaten|achtergelaten (door|van) de vorige|vorige \w+ (liet|lieten) .{0,60}\bachter\b|"
        rf"vorige (huurder|bewoner|huurders|bewoners)s? .{{0,60}}{_FITTED}|{_FITTED} (door|van) de vorige|"
        r"previous tenants? (installed|put in|fitted|left)|took (it )?over|"
        r"(previous|former|last|old|prior) (tenant|occupant|resident|renter|owner)s? (\w+ ){0,4}(installed|put in|"
        r"fitted|left|built|laid|added|placed|made)|left (behind )?by the (previous|former|last|old) (tenant|occupant|"
        r"resident)|(taken|took|take|taking) (\w+ ){0,4}over (from|of) (the )?(previous|former|last|old)|taken over|"
        r"(bought|inherited|got) (\w+ ){0,4}from the (previous|former|last|old) (tenant|occupant|resident))"),
    OUT_OF_REACH: re.compile(
        r"\b(kan (ik |je |we |wij )?(er )?(zelf )?(niet|nergens) bij|niet bij(\s|te\s)?(kan|komen|te komen)|"
        r"(kan|kom) (ik |je |we )?(er )?(zelf )?niet bij|daar kan ik niet bij|"
        r"niet bereikbaar|onbereikbaar|buiten bereik|te hoog|(heel|erg|zo|veel te) hoog|zonder (lange |hoge )?"
        r"(ladder|trap|steiger|hoogwerker)|geen (lange |hoge )?ladder|hoogwerker|steiger|(lange|hoge) ladder|"
        r"\d+ meter hoog\w*|meter hoogte|(boom|bomen|den|dennen|spar|sparren|populier\w*|eik|eiken|beuk\w*|wilg\w*) "
        r"(\w+ ){0,3}[1-9]\d ?(meter|m)\b|boven (het|de) trapgat|op het dak|dak op|out of reach|can ?t reach|"
        r"cannot reach|too high|(can ?t|cannot|can not|unable to|not able to|couldn ?t) (\w+ ){0,3}"
        r"(reach|get to|get at|get up)|without (a |an )?(long |tall |high |big |extension )?"
        r"(ladder|scaffold\w*|cherry picker|platform)|"
        r"(long|tall|extension|high) ladder|scaffold\w*|cherry picker|(two|three|four|2|3|4) (floors|storeys|stories) "
        r"(up|high))"),
    # A small repair needed because a defect we own was not fixed (Woonbond: the wallpaper comes
    # loose because the reported roof leak is still not repaired). Only counts beside an object of
    # ours (huurwijzer.content.repair_analysis): "omdat de kraan nog niet gemaakt is" is no neglect.
    LANDLORD_NEGLECT: re.compile(
        r"\b(omdat|doordat|door|na|sinds|vanwege)\b.{0,80}\b(niet|nooit)\b( \w+){0,4} "
        r"(verholpen|gerepareerd|hersteld|gemaakt|opgelost)\b|"
        r"\b(because|since|after|as)\b.{0,80}\b(never|not|wasn ?t|weren ?t|hasn ?t|haven ?t)\b( \w+){0,4} "
        r"(fixed|repaired|solved|sorted|resolved|dealt with)\b|"
        r"\b(you|landlord|they|corporation|association) (never|didn ?t|did not|failed to|refused to) (\w+ ){0,3}"
        r"(fix|repair|solve|sort|deal)"),
    # Broken by our own works (a renovation, our contractor): "sinds de renovatie door de
    # corporatie kan de voordeur niet meer op slot".
    LANDLORD_WORKS: re.compile(
        r"\b((sinds|na|door|bij|tijdens) (de |het )?(renovatie|werkzaamheden|verbouwing|groot onderhoud|"
        r"werk aan)\b( \w+){0,3} (door|van) (de |het )?(corporatie|verhuurder|woningbouw\w*|woningcorporatie|"
        r"jullie|aannemer|huisbaas)|(de )?(aannemer|monteur|loodgieter|schilder|medewerker|vakman)s? (van|namens) "
        r"(de |het )?(corporatie|verhuurder|woningbouw\w*|woningcorporatie|jullie)\b( \w+){0,6} "
        r"(kapot|beschadigd|stuk|gebroken|veroorzaakt|vernield)|"
        r"(during|since|after|by) (the )?(renovation|works|building work|maintenance work|refurbishment)( \w+){0,3} "
        r"(by|of) (the )?(landlord|housing association|corporation|contractor|you)|"
        r"(your|landlord s|association s|corporation s|the) (contractor|workmen|workers|plumber|electrician|painter|"
        r"builder|mechanic)s? (\w+ ){0,6}(broke|damaged|broken|caused|cracked|scratched|ruined))"),
}


# A floor is out of reach only for what hangs there ("de dakgoot hangt op drie hoog"), not for
# where the tenant lives: "ik woon driehoog en mijn kraan lekt" is still the tenant's tap.
_HIGH_FLOOR = re.compile(r"\b(derde|vierde|vijfde) verdieping|\b(drie|vier|vijf) ?hoog\b|"
                         r"\b(third|fourth|fifth|3rd|4th|5th) (floor|storey)")
_LIVES_THERE = re.compile(r"\b(woon|woont|wonen|woning|appartement|flat|huis|etage|live|lives|living|apartment|"
                          r"home)\b[^.?!,]{0,20}$")


def _hangs_high(clean: str) -> bool:
    return any(not _LIVES_THERE.search(clean[:found.start()]) for found in _HIGH_FLOOR.finditer(clean))


# The landlord's word for the cause, which the tenant denies: "volgens de corporatie komt het vocht
# doordat ik te weinig lucht, maar ik lucht juist elke dag". The tenant's own damage is then a
# dispute, not a fact to answer from (domain facts A17: the corporation investigates the cause).
_CLAIMED = re.compile(
    r"\b(volgens (de|het|mijn|onze|jullie|hun) (\w+ )?(corporatie|woningcorporatie|verhuurder|huisbaas|huurbaas|"
    r"woningbouw\w*|aannemer|opzichter|medewerker|inspecteur|eigenaar|woonconsulent|monteur)|volgens jullie|"
    r"(corporatie|woningcorporatie|verhuurder|huisbaas|huurbaas|woningbouw\w*|opzichter|aannemer|medewerker|"
    r"eigenaar|woonconsulent|monteur|jullie|ze|zij) (zegt|zeggen|zei|zeiden|beweert|beweren|beweerde|stelt|stellen|"
    r"vindt|vinden|meent|menen|denkt|denken|houdt vol|houden vol|wijst|wijzen|geeft|geven) .{0,30}\b(dat|mij|ons|"
    r"de schuld)|(landlord|they|the corporation|the housing association) (says?|said|claims?|claimed|blames?|blamed))")
_DENIED = re.compile(
    r"\b(maar (ik|wij|we) (\w+ ){0,3}(juist|wel|altijd|heel veel|genoeg|elke dag|dagelijks|iedere dag)|"
    r"dat klopt (helemaal |echt )?niet|klopt (helemaal |echt )?niet|is niet waar|onzin|oneens|niet mee eens|"
    r"(ik|wij|we) (\w+ ){0,2}juist (wel|veel|heel)|but (i|we) (do|always|actually|really)|not true|disagree|"
    r"that is wrong|that ?s wrong|that is not|that ?s not)\b")


def disputed(text: str) -> bool:
    """The message gives the landlord's view of the cause and the tenant denies it."""
    clean = normalise(text)
    return bool(_CLAIMED.search(clean) and _DENIED.search(clean))


# Airing admitted ("ik lucht te weinig") is no own damage in a home that cannot be aired (A17).
_AIRED = re.compile(r"ventil|lucht")
_ENGLISH_FITTED_LAST = re.compile(r"\b(installed|put in|fitted|placed|mounted|hung up|laid|built|added)$")


def _fitting(clean: str, found: re.Match[str]) -> str:
    """The words that say what was fitted: in Dutch before the verb ("een melding geplaatst"), in
    English after it ("I put in a request")."""
    if not _ENGLISH_FITTED_LAST.search(found.group(0)):
        return found.group(0)
    return found.group(0) + " " + " ".join(clean[found.end():].split()[:3])


# "High" said of money or negated is no height: "want mijn inkomen is niet zo hoog" beside a dripping
# tap made it ours (qa3), as would "mijn huur is erg hoog".
_NOT_A_HEIGHT = re.compile(r"(\b(inkomen|huur|huurprijs|rekening|kosten|servicekosten|bedrag|prijs|schuld|"
                           r"achterstand|toeslag|loon|salaris|uitkering|voorschot|rent|bill|income|costs?|price|"
                           r"debts?|charges?)\b(?: \w+){0,3} (is|zijn|wordt|werd|was|blijft|lijkt|are|were|seems?)"
                           r"(?: niet)?|\bniet) $")


def _counts(name: str, clean: str, found: re.Match[str], airless: bool) -> bool:
    if name == INSTALLED_BY_TENANT:
        return not _NOT_FITTINGS.search(_fitting(clean, found))
    if name == OUT_OF_REACH and found.group(0).endswith(("hoog", "high")):
        return not _NOT_A_HEIGHT.search(clean[:found.start()])
    return not (name == OWN_DAMAGE and airless and _AIRED.search(found.group(0)))


def contexts(text: str) -> Tuple[str, ...]:
    clean = normalise(text)
    denied = disputed(text)
    airless = cannot_ventilate(clean)
    return tuple(name for name, pattern in _CONTEXT.items()
                 if not (denied and name == OWN_DAMAGE)
                 and (any(_counts(name, clean, found, airless) for found in pattern.finditer(clean))
                      or (name == OUT_OF_REACH and _hangs_high(clean))))
