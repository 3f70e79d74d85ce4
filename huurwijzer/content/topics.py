"""Topic ids (knowledge/topics.yml) and which intent answers under which topic."""

from __future__ import annotations

from functools import lru_cache
from types import MappingProxyType
from typing import Mapping, Tuple

from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.settings import get_settings

# Intents answered by action_reply with the fixed text of the same name (knowledge/replies.yml).
BASIC_INTENT_TOPICS: Mapping[str, str] = MappingProxyType({
    "greet": "greeting",
    "goodbye": "chitchat",
    "thank": "chitchat",
    "bot_challenge": "chitchat",
    "smalltalk": "chitchat",
    "out_of_scope": "out_of_scope",
    "abuse": "adversarial",
    "misuse": "adversarial",
    "switch_to_english": "chitchat",
    "switch_to_dutch": "chitchat",
})
# Personal intents (answered from the tenant's own data after verification) and their topic.
PERSONAL_INTENT_TOPICS: Mapping[str, str] = MappingProxyType({
    "my_rent": "rent_payment",
    "my_home": "onboarding_first_steps",
    "my_repairs": "report_repair",
    "my_subscription": "service_subscription",
    "my_rewards": "rent_payment",
    "start_repair_report": "report_repair",
    "withdraw_repair": "report_repair",
    "verify_identity": "chitchat",
    "log_out": "chitchat",
    "start_onboarding": "onboarding_first_steps",
    "onboarding_next": "onboarding_first_steps",
    "onboarding_stop": "onboarding_first_steps",
    "onboarding_checklist": "onboarding_first_steps",
})
HANDOVER_TOPIC = "human_handover"
DENY_TOPIC = "chitchat"
# Topics the conversation basics answer; every other topic is answered from knowledge entries.
CONVERSATION_TOPICS = frozenset({"greeting", "chitchat", "out_of_scope", "adversarial", "human_handover"})


@lru_cache(maxsize=1)
def all_topics() -> Tuple[str, ...]:
    path = get_settings().knowledge_dir / "topics.yml"
    return tuple(load_yaml_text(path.read_text(encoding="utf-8"))["topics"])


def service_topics() -> Tuple[str, ...]:
    """Topics whose intent has the same name and is answered from the knowledge base."""
    return tuple(t for t in all_topics() if t not in CONVERSATION_TOPICS)


def topic_for_intent(intent: str) -> str | None:
    if intent in BASIC_INTENT_TOPICS:
        return BASIC_INTENT_TOPICS[intent]
    if intent in PERSONAL_INTENT_TOPICS:
        return PERSONAL_INTENT_TOPICS[intent]
    if intent == "human_handover":
        return HANDOVER_TOPIC
    if intent == "deny":
        return DENY_TOPIC
    if intent in all_topics():
        return intent
    return None


def service_topic_of(intent: str) -> str | None:
    """The service topic `intent` answers under (its own name, or a personal intent's topic); None for
    the conversation's own intents (greetings, chitchat, refusals, handover)."""
    topic = topic_for_intent(intent)
    return topic if topic is not None and topic not in CONVERSATION_TOPICS else None
