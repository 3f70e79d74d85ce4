"""Rasa's SQL tracker store, minus the personal data it does not need (AVG/GDPR).

Each new event is redacted before it is written; the conversation in memory keeps the real
text for the turn that is running. What is never stored in clear:
- answers to the verification questions (the whole message), and the verification slots;
- portal tokens and WhatsApp phone numbers in message and session metadata;
- the assistant's personal answers (rent, address, ...): only that one was given;
- e-mail addresses, IBANs, phone, contract and 9-digit numbers, postcodes and dates in
  any user message (masked, so staff reports stay readable).
"""

from __future__ import annotations

from typing import Any, Dict, Iterator, Optional

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.privacy import mask

SENSITIVE_SLOTS = frozenset({"verification_contract", "verification_postcode", "verification_birth_date",
                             "verification_code"})
SECRET_METADATA = frozenset({"portal_token", "whatsapp_phone"})
# Actions whose bot messages carry the tenant's own data.
PERSONAL_ACTIONS = frozenset({"action_personal", "action_verification_result"})
REDACTED = "[weggelaten]"
PERSONAL_ANSWER = "[persoonlijk antwoord weggelaten]"


def _clean_metadata(metadata: Any) -> Any:
    if not isinstance(metadata, dict):
        return metadata
    return {k: (REDACTED if k in SECRET_METADATA else v) for k, v in metadata.items()}


def _redact_user(data: Dict[str, Any], whole: bool) -> Dict[str, Any]:
    text = data.get("text")
    if isinstance(text, str):
        data["text"] = REDACTED if whole else mask(text)
    data["metadata"] = _clean_metadata(data.get("metadata"))
    parse = data.get("parse_data")
    if isinstance(parse, dict):
        if isinstance(parse.get("text"), str):
            parse["text"] = data["text"]
        parse["metadata"] = _clean_metadata(parse.get("metadata"))
        if whole:
            parse["entities"] = []
    return data


class _State:
    """Where the conversation is, replayed over the events, to know what a message answers."""

    def __init__(self) -> None:
        self.requested_slot: Optional[str] = None
        self.active_loop: Optional[str] = None
        self.last_action: Optional[str] = None

    def follow(self, event: Event) -> None:
        if isinstance(event, SlotSet) and event.key == "requested_slot":
            self.requested_slot = event.value
        elif isinstance(event, ActiveLoop):
            self.active_loop = event.name
        elif isinstance(event, ActionExecuted):
            self.last_action = event.action_name

    @property
    def asks_for_secret(self) -> bool:
        return self.active_loop == "verification_form" and self.requested_slot in SENSITIVE_SLOTS


def redact(event: Event, state: _State) -> Event:
    """A copy of `event` safe to store, given the conversation state before it."""
    if isinstance(event, UserUttered):
        data = _redact_user(event.as_dict(), whole=state.asks_for_secret)
        return Event.from_parameters(data) or event
    if isinstance(event, SlotSet):
        if event.key in SENSITIVE_SLOTS and event.value not in (None, "ontvangen"):
            return SlotSet(event.key, REDACTED, event.timestamp, event.metadata)
        if event.key == "session_started_metadata":
            return SlotSet(event.key, _clean_metadata(event.value), event.timestamp, event.metadata)
    if isinstance(event, BotUttered) and state.last_action in PERSONAL_ACTIONS and event.text:
        return BotUttered(PERSONAL_ANSWER, {}, event.metadata, event.timestamp)
    return event


class PrivateSQLTrackerStore(SQLTrackerStore):
    """Configured in bot/endpoints.yml with `type: bot.tracker_store.PrivateSQLTrackerStore`."""

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count()
        state = _State()
        for index, event in enumerate(tracker.events):
            if index >= stored:
                yield redact(event, state)
            state.follow(event)
