"""Safety before understanding: a message that names a danger to life is answered as an emergency
when the NLU gate would have chatted, declined, fallen back or (gas, carbon monoxide) read it as
neighbour nuisance (used by bot.nlu.gate). A fire the tenant says is out is not an emergency any more."""

from __future__ import annotations

import re
from typing import Any, Mapping, Optional, Sequence

from huurwijzer.content.emergencies import Emergencies
from huurwijzer.content.topics import CONVERSATION_TOPICS, topic_for_intent
from huurwijzer.conversation.understanding import DEFAULT_THRESHOLD, FALLBACK_INTENT, Decision

EMERGENCY_INTENT = "emergency_repair"
# A refusal keeps its decision (misuse that names gas is still misuse); a topic of our service
# answers what the tenant asked about.
_DANGER_OVERRULES = CONVERSATION_TOPICS - {"adversarial"}
# Gas or carbon monoxide smelled at the neighbours is the emergency, not neighbour nuisance ("bij de
# buren stinkt het naar gas"); a neighbour who smokes ("rookt", a fire word) stays nuisance.
NEIGHBOURS = "nuisance"
# The fire of knowledge/emergencies.yml (its key there).
FIRE = "brand"
# A fire the tenant says is out ("er was brand maar het is uit, wie betaalt de schade?") asks about
# afterwards, not for the fire instructions ...
_FIRE_OUT = re.compile(
    r"\b((het|de brand|het vuur|het brandje|de vlammen|die|alles) (is|was|zijn|waren) "
    r"((al|inmiddels|gelukkig|snel|weer|nu|allang) ){0,2}uit(?= *([.,!?;:]|$|(maar|en|nu|toen|gelukkig|wie|wat|moet|"
    r"hoe|mag|kan)\b))|geblust|bluste|blusten|doofde|gedoofd|uitgegaan|(heb|hebben|had|hadden) (\w+ ){0,3}"
    r"(uitgemaakt|uitgetrapt|uitgedaan))\b")
# ... unless something still burns, smoulders or smokes, or it is not out (yet): then it is the emergency.
_STILL_BURNING = re.compile(
    r"\b(nog|weer|opnieuw|steeds) (\w+ ){0,2}(brand\w*|rook\w*|smeul\w*|vlam\w*|vuur|heet|gloei\w*)|"
    r"\b(brandt|branden|smeult|smeulen|smeulend\w*|vlammen|rookt|roken|gloeit|staat in brand|staan in brand|"
    r"vliegt in brand|vatte vlam|vat vlam)\b|\b(ruik|ruikt|zie|ziet|zien|komt|hangt) (\w+ ){0,3}(rook|brand\w*)\b|"
    r"\ber is (\w+ ){0,2}(brand(je)?|vuur(tje)?)\b(?! geweest)(?!je geweest)|"
    r"\bvuur(tje)? (in|bij|op) (de|het|mijn|onze) (keuken|kamer|woonkamer|slaapkamer|meterkast|gang|hal|"
    r"trappenhuis|flat|huis|woning|zolder|berging|schuur)\b|"
    r"\b(niet|nooit|bijna|half) (\w+ ){0,1}(uit|geblust|gedoofd|uitgegaan)\b|\buit de hand\b")

# ... and a question whether fire is allowed ("open vuur op het balkon, mag dat?", "mag ik een vuurkorf in de
# tuin") is about the house rules, unless something burns now (_STILL_BURNING).
_ASKS_IF_ALLOWED = re.compile(r"\b(mag|mogen|toegestaan|verboden|regels?|is (\w+ ){0,2}(ok|oke|goed)|allowed)\b")


def danger_first(decision: Decision, text: str, emergencies: Optional[Emergencies],
                 ranking: Sequence[Mapping[str, Any]] = ()) -> Decision:
    """A message that names a danger to life (gas, carbon monoxide, fire: knowledge/emergencies.yml,
    `levensgevaar: ja`) and that the classifier itself counts among its three likeliest emergencies
    is never answered as chat or out of scope and never falls back: "hoe weet je of je een gaslek
    hebt?" read as small talk leaves a tenant alone with a gas leak. The classifier's own doubt is
    needed because the words alone also fit a letter about a neighbour who smokes ("rookt") or a
    fire long ago."""
    if emergencies is None or decision.intent == EMERGENCY_INTENT:
        return decision
    topic = topic_for_intent(decision.intent)
    if decision.intent != FALLBACK_INTENT and topic not in _DANGER_OVERRULES and topic != NEIGHBOURS:
        return decision
    if EMERGENCY_INTENT not in [str(r.get("name")) for r in ranking[:3]]:
        return decision
    danger = emergencies.danger_to_life(text)
    if danger is None or (danger.kind == FIRE and (topic == NEIGHBOURS or fire_is_out(text) or
                                                    asks_if_fire_allowed(text))):
        return decision
    return Decision(EMERGENCY_INTENT, max(decision.confidence, DEFAULT_THRESHOLD), "danger_to_life")


def fire_is_out(text: str) -> bool:
    """The tenant says the fire is out and names nothing that still burns or smokes."""
    low = " ".join(text.lower().split())
    return _FIRE_OUT.search(low) is not None and _STILL_BURNING.search(low) is None


def asks_if_fire_allowed(text: str) -> bool:
    """The tenant asks whether a fire is allowed and names nothing that burns now."""
    low = " ".join(text.lower().split())
    return _ASKS_IF_ALLOWED.search(low) is not None and _STILL_BURNING.search(low) is None


def fire_burns_now(text: str) -> bool:
    """Something burns, smoulders or smokes now ("er is vuur in de keuken", "de meterkast rookt")."""
    return _STILL_BURNING.search(" ".join(text.lower().split())) is not None
