"""The words the repair table's matcher (huurwijzer.content.repairs) and the who-repairs analysis
(huurwijzer.content.repair_analysis) read beside the table's own patterns: defects and tasks, ways of
asking who is responsible, and words that hold a stem by chance. Searched in normalised text
(lower case, punctuation as spaces: "doesn't" is "doesn t"), in Dutch and English.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Container, Optional, Protocol, Sequence, Tuple

# Common words that hold an object's stem without naming it: "hetzelfde" is not "zelf", "bepaalde"
# no fence post ("paal"), "luisteren" no lice ("luis"), "horen" no insect screen ("hor"),
# "betreden" (walking on the roof) no stair step ("trede").
# Nor is "verzekering" a fuse ("zekering") or "woningcorporatie" the dwelling ("woning verzakt").
NOT_COMPOUNDS = re.compile(r"^((het|de)?zelfde|zelfs|zelfstandig\w*|bepaal\w*|klink(t|en)|screenshot\w*|horen|"
                           r"luister\w*|spiegelei\w*|plankgas|betre(d|e)\w*|verzeker\w*|"
                           r"woning(corporatie|bouw|stichting|zoekende|net|ruil)\w*)$")
# English writes compounds apart, so its words hold a stem by chance: "blocked" holds no lock,
# "drain" no rain, "whose" no hose, "smashed" no shed, "street" no tree, "refuse" no fuse, the
# "bathroom" no bath, "sinking" no sink, "lifted" no lift, "neighbourhood" no cooker hood.
_NOT_HOLDING = {stem: re.compile(rf"^({words})$") for stem, words in {
    "lock": r"(un)?block\w*|clock\w*|flock\w*", "rain": r"\w*[dtb]rain\w*|strain\w*", "hose": r"those|whose",
    "shed": r"\w*[aiu]shed", "tree": r"(street|entree)\w*", "fuse": r"(re|con|dif|in)fus\w*", "bath": r"bathroom\w*",
    "sink": r"sinking", "lift": r"lift(ed|ing)|\w+lift\w*", "hood": r"\w+hoods?", "door": r"(in|out)doors?",
    "light": r"slight\w*|flight\w*|lightning", "roof": r"\w+proof\w*", "plug": r"unplug\w*",
    "tile": r"textile\w*", "pane": r"panel\w*", "vent": r"\w*event\w*|invent\w*",
    "flue": r"influen\w*|fluent\w*", "pond": r"\w+pond\w*",
}.items()}


# A compound whose head is a household thing of the tenant's names that thing, not the stem's object:
# a "keukentafel" is no kitchen, a "tuinstoel" no garden, a "vloerkleed" no floor, a "deurmat" no door.
_MOVABLE_HEAD = re.compile(r"^(s|en|e)?(tafel|stoel|kruk|rol|papier|mes|weegschaal|(hand|thee|vaat)?doek|kleed|mat|"
                           r"set|meubel|meubilair|wekker|schort|spullen|gerei|kussen|klok|radio|plant)"
                           r"(tje|je|jes|s|en|len|ten|ken|sen)?$")


def movable_compound(word: str, stem: str) -> bool:
    """`word` is `stem` plus a household thing ("keukentafel" for "keuken")."""
    return len(word) > len(stem) and word.startswith(stem) and _MOVABLE_HEAD.match(word[len(stem):]) is not None


# The same for one stem exactly, not the stems it starts: a "gootsteen" (the kitchen sink) is no gutter ("goot"),
# though the stem "gootsteen" names it.
_NOT_HOLDING_STEM = {"goot": re.compile(r"^gootst\w*$")}


@lru_cache(maxsize=4096)
def not_holding(stem: str) -> Optional[re.Pattern[str]]:
    """The words that hold `stem` (or the stem it inflects: "fuses" is "fuse") by chance. None for a stem that is
    itself such a word: "bathroom" is no bath, but is the bathroom of a pattern (("bathroom", "door") never matched)."""
    if stem in _NOT_HOLDING_STEM:
        return _NOT_HOLDING_STEM[stem]
    words = next((words for key, words in _NOT_HOLDING.items() if stem.startswith(key)), None)
    return None if words is None or words.match(stem) else words


# A compound's head: the longest search stem of at least this many letters that ends the word, after at least
# `_MODIFIER` letters ("douche" + "kraan"). Shorter stems end too many words by chance ("deur", "raam").
_HEAD = 5
_MODIFIER = 3


def compound_head(word: str, stems: Container[str]) -> str:
    """The search stem `word` ends with as a compound ("kraan" for "douchekraan"), or "" if none."""
    return next((word[i:] for i in range(_MODIFIER, len(word) - _HEAD + 1) if word[i:] in stems), "")


# Words of a question that never name the object ("wie moet mijn kraan repareren?" names "kraan"):
# question words, defects and verbs. Used to find candidates when no pattern matched fully.
NOT_OBJECTS = frozenset(
    "wie wat moet mijn onze ons jullie kan kunt wil graag vraag zelf doen gaat over dat die dit deze mag hoe waarom "
    "wanneer iemand huis woning kapot stuk lek lekt lekken lekkend lekkende lekkage drupt druppelt verstopt gebroken "
    "versleten schade beschadigd los werkt niet doet zit vies maken maakt repareert repareren reparatie betaalt "
    "betalen vervangen vervangt nieuw nieuwe oud oude "
    # The same in English: question words, defects and verbs ("who has to fix my leaking tap?").
    "who whose what my our your the it its this that these those can could should must will would do does did "
    "have has had need needs fix fixed fixes repair repairs repaired pay pays paid responsible landlord tenant "
    "broken broke leak leaks leaking leaky blocked clogged loose damaged working work works stopped old new "
    "replace replaces replaced house home flat apartment myself thing things stuff something".split())
# Dutch function words name no object, though a name holds them ("aansluiting voor tv" is no answer to "is
# dat voor mij?") or ends with them (a "kozijn" is not named by "er zijn"): repairs6.
FUNCTION_WORDS = frozenset(
    "voor zijn er is ben was waren wordt worden word werd ik je jij u uw het een van met naar bij op aan te om nog al "
    "ook maar wel geen ja nee en of door uit tot na als dan toen omdat want dus hier daar waar zo erg heel veel "
    "weinig meer minder mij me hem haar hun ze zij wij we iets niets alles heb hebt heeft hebben had hadden".split())
# Words of an English name that name no object ("Window that does not close", "Lock of your own door").
_NAME_FILLERS = frozenset("a an and of the or your own that does not do by for in on to with from at up".split())


def in_english_name(words: Sequence[str], name_en: str) -> bool:
    """A question word (singular or plural) is a word of the normalised English name: "door" names
    "Inner door" and "Door handle and latch", "taps" "Outside tap"."""
    name = set(name_en.split()) - _NAME_FILLERS
    return any(w in name or (w.endswith("s") and (w[:-1] in name or w[:-2] in name)) for w in words)


# Naming a defect or task, beside the object: without one, "wie repareert mijn kraan?" is only an object.
DEFECT = re.compile(
    # a repair said to be needed ("de lift moet gerepareerd worden"; repairs6)
    r"\b((moet|moeten) (\w+ ){0,2}(gerepareerd|hersteld) (worden|word)|reparatie (aan|van)|"
    r"kapot|stuk|lek\w*|drup\w*|druppel\w*|verstop\w*|los|loszit\w*|wiebel\w*|gebroken|gebarsten|barst\w*|"
    r"scheur\w*|rot|rotte|rotten|rottend\w*|verrot|verzak\w*|zakt|klemt|klemmen|sluit niet|gaat niet|"
    r"doet (het )?niet|werkt niet|"
    # the verb last in a clause of its own ("een stopcontact dat het niet meer doet", "die niet goed sluit")
    r"niet (meer |goed |meer goed )?(werkt|werken|doet|doen|sluit|sluiten|brandt|branden|functioneert|aangaat|"
    r"opengaat|dichtgaat)\b|"
    r"storing|piep\w*|stroef|zwaar|krom\w*|roest\w*|schimmel\w*|vocht\w*|nat|stinkt|ruik\w*|versleten|oud|"
    r"kalk\w*|vies|zwart|vol|brokkel\w*|afgebroken|uitgevallen|valt uit|springt|slaat af|doorlopen|loopt door|"
    r"loopt niet|traag|vervangen|vervang\w*|smeren|oli[eë]n|ontstop\w*|schoonmak\w*|bijvull\w*|ontlucht\w*|"
    r"witten|sausen|schilder\w*|verven|snoei\w*|beschadig\w*|gat|gaten|geen (warm )?water|geen verwarming|"
    r"koud|kraakt|tocht|geluid|lawaai|herrie|bromt|brommend|borrel\w*|flikker\w*|knippert|broken|leak\w*|drip\w*|blocked|"
    r"clogged|stuck|loose|cracked|not working|stopped working|damaged|mould|mold|"
    # Colloquial and news-style words for the same defects ("de lift is al weken defect", "houtrot").
    r"kapot\w*|defect\w*|houtrot|\w*rot(te|ting)|verrott?\w*|gescheurd\w*|afbrokkel\w*|natte?|stank|"
    r"valt (\w+ )?uit|uitgevallen|buiten (werking|gebruik)|loopt over|overstroom\w*|ijskoud\w*|tochtig\w*|"
    r"doorgezakt|weggezakt|ingezakt|broke|break\w*|rott?(en|ing)|crack\w*|damp|leaking|leaks|drafty|draughty|"
    r"(doesn ?t|does not|did not|didn ?t|has not|hasn ?t|won ?t|isn ?t|is not|aren ?t|are not) work\w*|out of order|"
    r"no (hot )?water|"
    r"no heating|cold|blocked|unblock\w*|replac\w*|repaint\w*|paint\w*|clean\w*|bleed\w*|warped|"
    r"vallen|valt|viel|naar beneden|klemmen|niet (meer )?warm|bladder\w*|verroest\w*|worn|rusty|"
    # Breaking said in the past tense or as an event, and a task said as a noun ("een likje verf").
    r"schade|brak|braken|gesneuveld|kortsluiting|short circuit|doorgebrand|doorgeslagen|gesmolten|verschroeid|"
    # Come loose ("er is een tegel losgekomen", "de plinten laten los").
    r"losgekomen|losgeraakt|losgelaten|laat los|laten los|loslaten|losse|"
    r"shatter\w*|explod\w*|ontplof\w*|verf|verfje|kwast|"
    # English defects and tasks in everyday words ("the fan stopped", "the tiles came loose", "won't flush").
    r"stopped|dead|faulty|fault|snapped|split|burst|peel\w*|falling apart|fell (off|out|down)|"
    r"(came|come|coming|comes) (off|loose|away|down|out)|hang\w* (loose|off)|wobbl\w*|squeak\w*|creak\w*|"
    r"sag\w*|sunk|sinking|subsid\w*|smell\w*|stink\w*|mou?ldy|flood\w*|overflow\w*|jam(med|s)?|stick(s|ing)?|"
    r"(won ?t|will not|doesn ?t|does not|can ?t|cannot) (open|close|shut|lock|flush|turn|drain|ring|heat|start|go)\w*|"
    r"keeps? (tripping|running|beeping|dripping|leaking|going off|cutting out)|beep\w*|chirp\w*|tripp\w*|"
    r"error|noise\w*|noisy|loud|rattl\w*|humm\w*|lukewarm|no (power|electricity|light|pressure|heat)|blown|blew|"
    r"flicker\w*|scratch\w*|dent\w*|holes?|stain\w*|soak\w*|dirty|full|slow\w*|gurgl\w*|missing|collaps\w*|"
    r"crumbl\w*|swollen|burnt|burned|melt\w*|spark\w*|mow\w*|prun\w*|trim\w*|cut(ting)?|top(ping)? up|refill\w*|"
    r"reset\w*|descal\w*|grease|oil\w*|lubric\w*|servicing|(annual|yearly) service|maint\w*|get rid|remov\w*|fill\w*|"
    r"infest\w*|nests?|"
    # Keeping something in order said as a verb ("wie onderhoudt de brandslang?"), as "maint\w*" says it in English
    # (not the noun: "het onderhoud", "onderhoudsabonnement" can stand in a message about anything), and a breakage
    # said in one word ("glasbreuk", "ruitbreuk").
    r"onderhoudt|onderhouden|\w*breuk)\b")
# Tasks (domain facts A7: tightening loose parts, whitening) that pick the tenant's object the message names beside
# ours by one word ("de berging witten"), not beside our defect ("plafond lekt", A5), and raise no doubt without
# one: a loose gutter fixed in place is ours (repair_analysis._tenants_part).
PICKING_TASK = re.compile(r"\b(vast(zet|gezet|mak|gemaakt|schroef|geschroefd|draai|gedraaid)\w*|witten|sausen|"
                          r"(zet|zetten|schroeft|schroeven|draait|draaien|maakt|maken) (\w+ ){0,2}vast|tighten\w*)\b")
# The message asks who is responsible or who pays, in any words.
ASKS_WHO = re.compile(
    r"\b(wie (betaalt|repareert|maakt|vervangt|doet|regelt|herstelt|is verantwoordelijk|gaat (dat|dit|het|er)|"
    # a maintenance task asked of someone ("wie houdt de gootsteen schoon", "wie schroeft dat vast")
    r"houdt|schroeft|zet|onderhoudt|ontstopt|schildert|verft|witt?|saust|zorgt|lost|plaatst|verhelpt|vernieuwt|"
    r"ontkalkt|smeert|ontlucht|snoeit|maait|verwijdert|bestrijdt|vult|ververst|dicht|plakt|lijmt|kit|"
    r"moet (dat|dit|het|de|die|een|mijn|onze|ons|er)|moeten|draait|draaien)|voor wie|wiens|zelf|betaal\w*|"
    # who bears the cost ("wie draait op voor de reparatie", "draai ik daarvoor op?")
    r"(draai|draait|draaien) (ik|wij|we|u|de huurder) (\w+ ){0,2}op|kosten|rekening|"
    r"verantwoordelijk\w*|aansprakelijk\w*|verplicht\w*|vergoed\w*|opdraaien|huurder|verhuurder|huisbaas|"
    r"eigenaar|corporatie|woningcorporatie|woningbouw\w*|jullie|mijn (taak|zaak)|taak van|onderhoud\w*|"
    r"kleine herstelling\w*|moet ik (dat |dit |het )?(zelf )?(laten )?(maken|repareren|vervangen|betalen|doen)|"
    r"who|whose|pay|paid|responsib\w*|landlord|tenant|liable|obliged|"
    r"huurbaas|woonstichting|woningstichting|wooncorporatie|hoef ik|hoeven (wij|we)|laten maken|"
    r"housing (association|corporation)|do i (have|need) to|should i|must i|is it my|"
    r"myself|ourselves|(do|will|would|can|are) you|(does|will|would|is) the|up to (me|us|you)|"
    r"(my|our) (job|responsibility|problem|task|duty)|for (me|us)|on (me|us)|mine|ours|am i|who s|"
    r"(have|need|supposed|required|expected) to (\w+ ){0,2}(fix|repair|replace|pay|do|sort|clean|unblock|paint|change|"
    r"buy|remove|bleed|top up|call)|covers?|costs?|charge\w*|owner|council|letting agent|maintenance)\b")


# Asking who is responsible in so many words, not only naming us ("jullie", "de corporatie"):
# a neighbour topic's message that names a repair but only says "jullie" is not sent to the table.
ASKS_WHO_DIRECTLY = re.compile(
    r"\b(wie|voor wie|wiens|betaal\w*|kosten|rekening|verantwoordelijk\w*|aansprakelijk\w*|verplicht\w*|"
    r"vergoed\w*|opdraaien|(draai|draait|draaien) (ik|wij|we|u) (\w+ ){0,2}op|"
    r"mijn (taak|zaak)|taak van|kleine herstelling\w*|onderhoudsabc|onderhouds abc|"
    r"moet ik (\w+ ){0,5}zelf|zelf (\w+ ){0,3}(maken|repareren|vervangen|betalen|doen|oplossen|smeren|herstellen|"
    r"ontstoppen|schoonmaken|regelen|laten)|hoef ik|hoeven (wij|we)|moet (de|mijn) (verhuurder|corporatie|"
    r"huisbaas|huurbaas|eigenaar|woningcorporatie)|who|whose|pay|paid|responsib\w*|liable|obliged|"
    r"do i (have|need) to|should i|must i|is it my|is it the landlord|who s|"
    r"(do|should|must|have|need|can|could) (i|we) (\w+ ){0,5}(myself|ourselves)|up to (me|us)|"
    r"(my|our) (job|responsibility|problem|task|duty)|am i (responsible|liable|supposed|expected|required)|"
    r"(is|it s|that s) (that |this |it )?(mine|ours|on (me|us)|for (me|us))\b|mine to|"
    r"(do|will|would|can) (you|the landlord|the housing association|the housing corporation|the corporation|"
    r"the owner) (\w+ ){0,3}(fix|repair|replace|pay|come|send|sort|do|cover|handle|deal|take care|clean|change)|"
    r"(does|will|would|is) the (landlord|housing association|housing corporation|corporation|owner) (\w+ ){0,3}"
    r"(fix|repair|replace|pay|responsible|cover|have to|need to|do|come)|"
    r"do (i|we) (\w+ ){0,2}(fix|repair|replace|pay|do|clean|unblock|paint|oil|buy|change|sort|remove|bleed|top up))\b")


# A room named as the place of a part ("de kraan in de keuken", "the tap in the bathroom") says where
# the part is, not that the room is the repair: a pattern matched through it ("keuken versleten") gives
# way to the part's own pattern ("kraan versleten") when the two are otherwise close (repair_matching).
_PLACE_WORDS = frozenset("in op bij".split())
_PLACE_ARTICLES = frozenset("de het mijn onze ons the my our".split())
_ROOM_WORDS = frozenset("keuken badkamer woonkamer huiskamer slaapkamer toilet wc zolder kelder berging schuur "
                        "schuurtje hal gang overloop bijkeuken douche balkon tuin kitchen bathroom bedroom "
                        "attic basement shed hall hallway shower balcony garden".split())


def rooms_as_place(words: Sequence[str]) -> frozenset[str]:
    """The room words of a normalised message that are named only as a place ("in de keuken")."""
    place: set[str] = set()
    other: set[str] = set()
    for i, word in enumerate(words):
        if word in _ROOM_WORDS:
            named_as_place = i >= 2 and words[i - 2] in _PLACE_WORDS and words[i - 1] in _PLACE_ARTICLES
            (place if named_as_place else other).add(word)
    return frozenset(place - other)


def only_a_defect(stem: str) -> bool:
    """A pattern's stem that says what is wrong, not which part ("versleten", "vervang", "oud")."""
    return DEFECT.fullmatch(stem) is not None


# A pattern asking for a new thing ("nieuwe badkamer", "new tap bathroom") holds only where the new word stands just
# before that thing, at most `_NEW_GAP` words between ("een nieuwe, moderne badkamer"): "een nieuwe kraan in de
# badkamer" is no new bathroom (QA, session 22), "een nieuwe baan ... de keuken" no new kitchen.
_NEW_STEMS = ("nieuw", "new")
_NEW_GAP = 1


def new_beside_its_thing(stems: Sequence[str], words: Sequence[str]) -> bool:
    """`stems`: a pattern's; `words`: the normalised message's."""
    for i, stem in enumerate(stems[:-1]):
        if stem.startswith(_NEW_STEMS) and not any(
                word.startswith(_NEW_STEMS) and any(stems[i + 1] in after for after in words[j + 1:j + 2 + _NEW_GAP])
                for j, word in enumerate(words)):
            return False
    return True


_NAME_GLUE = frozenset("van de het en of in op uw een aan met voor bij the and your".split())


class _Named(Protocol):
    """What own_word reads of a repair object (the matcher's Searchable has it; the matcher imports this module)."""

    @property
    def patterns(self) -> Tuple[Tuple[str, ...], ...]: ...

    @property
    def name_words(self) -> Tuple[str, ...]: ...


def own_word(clean: str, obj: _Named, by_pattern: bool = False) -> bool:
    """A word of the message is a word of the object's name (`obj.name_words`) or, `by_pattern`, the first
    word of one of its patterns: "slot" names the lock, not the front door whose patterns only mention it
    ("voordeur niet slot")."""
    words = clean.split()
    return bool(set(words).intersection(obj.name_words) - _NAME_GLUE) or by_pattern and any(
        pattern and (pattern[0] == word or (len(pattern[0]) >= 4 and word.startswith(pattern[0])))
        for pattern in obj.patterns for word in words)
