"""Safety before understanding: a message that names a danger to life is answered as an emergency
when the NLU gate would have chatted, declined or fallen back (used by bot.nlu.gate)."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence

from huurwijzer.content.emergencies import Emergencies
from huurwijzer.content.topics import CONVERSATION_TOPICS, topic_for_intent
from huurwijzer.conversation.understanding import DEFAULT_THRESHOLD, FALLBACK_INTENT, Decision

EMERGENCY_INTENT = "emergency_repair"
# A refusal keeps its decision (misuse that names gas is still misuse); a topic of our service
# answers what the tenant asked about.
_DANGER_OVERRULES = CONVERSATION_TOPICS - {"adversarial"}


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
    if decision.intent != FALLBACK_INTENT and topic_for_intent(decision.intent) not in _DANGER_OVERRULES:
        return decision
    if EMERGENCY_INTENT not in [str(r.get("name")) for r in ranking[:3]]:
        return decision
    if emergencies.danger_to_life(text) is None:
        return decision
    return Decision(EMERGENCY_INTENT, max(decision.confidence, DEFAULT_THRESHOLD), "danger_to_life")
