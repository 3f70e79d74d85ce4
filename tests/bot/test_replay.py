"""A retried message (same channel message id) is answered from the store: a personal answer is
not there (only its placeholder), so the tenant is asked to ask again, in the conversation's
language, instead of getting "[persoonlijk antwoord weggelaten]"."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from bot.resilience.replay import replayed_messages
from huurwijzer.conversation.shared_names import PERSONAL_KEY, PERSONAL_PLACEHOLDER

META = {"custom": {"topic": "rent_payment", "confidence": 0.9, "knowledge_id": None, "responsible_party": None}}


def stored_turn(language: str, personal_messages: int = 1) -> List[Any]:
    """A turn as bot/tracker_store.py stores it: the personal answers as the placeholder."""
    return [
        UserUttered("wat is mijn huur", {"name": "my_rent", "confidence": 0.9},
                    parse_data={"language": language}, message_id="m-1"),
        ActionExecuted("action_personal"),
        *[BotUttered(PERSONAL_PLACEHOLDER, {}, {PERSONAL_KEY: True}) for _ in range(personal_messages)],
        BotUttered("Heeft u nog een vraag?"),
        BotUttered(data=META),
        ActionExecuted("action_listen"),
        UserUttered("dank u", message_id="m-2"),
        BotUttered("Graag gedaan!"),
    ]


def texts(messages: List[Dict[str, Any]]) -> List[str]:
    return [m["text"] for m in messages if m.get("text")]


def test_a_retried_personal_question_is_asked_again_not_given_the_placeholder() -> None:
    messages = replayed_messages(stored_turn("nl", personal_messages=2), "m-1")
    assert messages is not None
    said = texts(messages)
    assert not any(PERSONAL_PLACEHOLDER in text for text in said)
    assert said == [said[0], "Heeft u nog een vraag?"] and "Stel uw vraag gerust opnieuw" in said[0]
    assert [m["custom"] for m in messages if m.get("custom")] == [META["custom"]]  # the turn's metadata, once
    assert not any(m.get(PERSONAL_KEY) for m in messages)  # nothing personal is sent (or logged) again


def test_in_an_english_conversation_the_tenant_is_asked_in_english() -> None:
    messages = replayed_messages(stored_turn("en"), "m-1")
    assert messages is not None and "Please ask your question again" in texts(messages)[0]


def test_other_messages_are_replayed_as_stored_and_unknown_ids_are_handled() -> None:
    events = stored_turn("nl")
    replay = replayed_messages(events, "m-2")
    assert replay is not None and texts(replay) == ["Graag gedaan!"]
    assert replayed_messages(events, "never-seen") is None
