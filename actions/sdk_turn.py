"""What every Rasa SDK adapter shares: the Turn read from a tracker (once per action: its decided
language and previous answer with it), a Reply sent with its metadata message, and a TurnOutcome
translated into what it says and the events it returns. Its own module so that the adapter modules
(actions.actions, actions.personal_actions, ...) need not import each other."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from huurwijzer.content.language import decided_language
from huurwijzer.conversation import back_reference, kernel
from huurwijzer.conversation.journey_offer import JOURNEY_PAYLOADS
from huurwijzer.conversation.reply import Reply
from huurwijzer.conversation.shared_names import ANSWERED_KEY, NOT_OURS_SUBJECT_KEY, PERSONAL_KEY
from huurwijzer.conversation.turn_outcome import TurnOutcome


def turn_from(tracker: Tracker) -> kernel.Turn:
    latest = tracker.latest_message or {}
    intent = latest.get("intent") or {}
    metadata = latest.get("metadata")
    return kernel.Turn(
        sender_id=tracker.sender_id,
        intent=str(intent.get("name") or ""),
        confidence=float(intent.get("confidence") or 0.0),
        text=str(latest.get("text") or ""),
        channel=str(tracker.get_latest_input_channel() or ""),
        metadata=metadata if isinstance(metadata, dict) else {},
        slots=tracker.current_slot_values(),
        language=decided_language(latest, tracker.events or []),
        previous_answer=back_reference.previous_subject(tracker.events or []),
        previous_context=back_reference.previous_context(tracker.events or []),
        offered=offered_payloads(tracker.events or []),
        journey_shown_at=journey_shown_at(tracker.events or []),
        not_ours_subject=str(latest[NOT_OURS_SUBJECT_KEY]) if latest.get(NOT_OURS_SUBJECT_KEY) else None,
    )


def offered_payloads(events: List[Dict[str, Any]]) -> Tuple[str, ...]:
    """The payloads of the buttons the assistant offered in its turn before the tenant's latest message
    (its metadata message comes after the one with the buttons)."""
    users = 0
    for event in reversed(events):
        users += event.get("event") == "user"
        if users > 1:
            break
        buttons = (event.get("data") or {}).get("buttons") if users and event.get("event") == "bot" else None
        if buttons:
            return tuple(str(b.get("payload") or "") for b in buttons if isinstance(b, dict))
    return ()


def journey_shown_at(events: List[Dict[str, Any]]) -> Optional[datetime]:
    """When the assistant last said something with a button of the journey (its offer, "Verder" under a step,
    the way back into it), naive UTC; None when it never did or the time is missing."""
    for event in reversed(events):
        buttons = (event.get("data") or {}).get("buttons") if event.get("event") == "bot" else None
        if buttons and any(isinstance(b, dict) and b.get("payload") in JOURNEY_PAYLOADS for b in buttons):
            stamp = event.get("timestamp")
            return datetime.fromtimestamp(float(stamp), timezone.utc).replace(tzinfo=None) if stamp else None
    return None


def personal_marker(personal: bool) -> Dict[str, Any]:
    """Keyword arguments of utter_message: Rasa puts them in the bot message's metadata."""
    return {PERSONAL_KEY: True} if personal else {}


def send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    buttons = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
    dispatcher.utter_message(text=reply.text, buttons=buttons, **personal_marker(reply.personal))
    dispatcher.utter_message(json_message=reply.metadata.as_payload())


def outcome_events(dispatcher: CollectingDispatcher, outcome: TurnOutcome) -> List[EventType]:
    """Says the outcome's reply; its slots, then the action to run next, as events."""
    if outcome.reply is not None:
        send(dispatcher, outcome.reply)
    events: List[EventType] = [SlotSet(name, value) for name, value in outcome.slots.items()]
    return events + ([FollowupAction(outcome.then)] if outcome.then else [])


def choices_offered_in_form(events: List[Dict[str, Any]], form: str) -> bool:
    """Whether the form's validation in this run offered buttons (the repair form's "kraan kapot": the tap's
    parts): they ask the question, so the form's own question is not asked again under them (QA, session 19)."""
    offered = False
    for event in reversed(events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == form:
            return offered
        offered = offered or bool(event.get("event") == "bot" and (event.get("data") or {}).get("buttons"))
    return False


def answered_in_form(events: List[Dict[str, Any]], form: str) -> Optional[Dict[str, Any]]:
    """The metadata of an answer the form's check gave in this run (ANSWERED_KEY: a problem answered during the
    login), for the question after it to carry; None when it gave none. Before, the turn's metadata was the login
    question's (knowledge_id null): the thumbs and the dashboard missed the answer (QA, session 22)."""
    for event in reversed(events):
        if event.get("event") == "user" or (event.get("event") == "action" and event.get("name") == form):
            return None
        answered = (event.get("metadata") or {}).get(ANSWERED_KEY) if event.get("event") == "bot" else None
        if isinstance(answered, dict):
            return answered
    return None
