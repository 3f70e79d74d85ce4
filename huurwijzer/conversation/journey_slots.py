"""What the conversation remembers about the onboarding journey (its slots), shared by the journey's
modules: journey_steps (which step to show), journey_answers (the preference and score questions)
and journey_offer (the offer and the way back)."""

from __future__ import annotations

from typing import Any, Dict, Mapping

from huurwijzer.conversation.reply import AnswerMetadata

TOPIC = "onboarding_first_steps"
ACTIVE = "onboarding_active"
OFFERED = "onboarding_offered"
# "Nee, bedankt" (or "later verder"): the offer is no longer open (a bare "ja" after it starts
# nothing) and is not made again in this conversation.
DECLINED = "onboarding_declined"


def is_open(slots: Mapping[str, Any]) -> bool:
    """The journey is going on, or was offered and not declined: a "ja" or "nee" may be about it."""
    return bool(slots.get(ACTIVE)) or (bool(slots.get(OFFERED)) and not slots.get(DECLINED))


def meta(confidence: float) -> AnswerMetadata:
    return AnswerMetadata(TOPIC, confidence)


def closed() -> Dict[str, Any]:
    """The tenant stopped the journey: not active, and the offer closed, so that a later bare "ja"
    (huurwijzer.conversation.bare_yes) or "hallo" does not bring it back uninvited."""
    return {ACTIVE: False, OFFERED: False, DECLINED: True}


def paused() -> Dict[str, Any]:
    """The slots after "later verder" outside a form: closed, and no form next."""
    return {**closed(), "next_step": None}
