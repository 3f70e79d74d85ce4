"""What of a conversation event the tracker store (bot/tracker_store.py) writes, and how the tenant's
personal data in it is hidden (AVG/GDPR).

Each new event is redacted before it is written; the conversation in memory keeps the real
text for the turn that is running. What is never stored in clear:
- answers to the verification questions (the whole message), and the verification slots;
- portal tokens and WhatsApp phone numbers in message and session metadata;
- the assistant's personal answers (rent, address, name, ...): only that one was given, and the
  payloads of its buttons (what a "ja" after it chooses). A bot message is personal when the code that
  rendered it marked it (huurwijzer.conversation.shared_names.PERSONAL_KEY in its metadata), whichever
  action sent it;
- the maatwerk answers (money help, care needs, ...): stored in the tenancy database only;
- e-mail addresses, IBANs, phone, contract and 9-digit numbers, postcodes and dates in
  any user message and any free-text slot (masked, so staff reports stay readable).
Not stored either, as nothing reads them back: the word spans of a message's tokens and the gate's
raw ranking (UNSTORED_PARSE_KEYS).
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Optional, Tuple

from rasa.shared.core.events import ActiveLoop, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.nlu.constants import TEXT_TOKENS

from huurwijzer.conversation.shared_names import (
    CODE_SLOT,
    PERSONAL_KEY,
    PERSONAL_PLACEHOLDER,
    PREFERENCE_SLOTS,
    RECEIVED,
    REDACTED,
    REQUESTED_SLOT,
    SECRET_FORMS,
    SECRET_METADATA,
    SKIP,
    VERIFICATION_SLOTS,
)
from huurwijzer.conversation.understanding import CLASSIFIER_RANKING
from huurwijzer.privacy import mask

# Parts of a parse result that no later turn, action or staff page reads: the word spans Rasa adds
# for its tokens (a letter's are a third of its stored event) and the gate's ranking before its
# decision (the benchmarks read it from the parse itself). Actions read the running turn's message,
# which still has them; later turns, the conversation sent to the action server and staff reports
# read intent, intent_ranking, entities, language and text. Dropped from the new events when they
# are saved, so memory and the database hold the same; the conversation sent to the action server
# on later turns shrinks with them (docs/performance.md, "Long letters through the tracker store").
UNSTORED_PARSE_KEYS = (TEXT_TOKENS, CLASSIFIER_RANKING)

# Slots whose answers are kept in the tenancy database only: the tracker gets a placeholder
# (RECEIVED or SKIP), and the message answering them is not stored at all.
SENSITIVE_SLOTS = frozenset({*VERIFICATION_SLOTS, CODE_SLOT, *PREFERENCE_SLOTS})
PLACEHOLDERS = (None, RECEIVED, SKIP)
PERSONAL_ANSWER = PERSONAL_PLACEHOLDER


def is_personal(event: BotUttered) -> bool:
    """Marked by the code that rendered it as carrying the tenant's own data."""
    return isinstance(event.metadata, dict) and event.metadata.get(PERSONAL_KEY) is True


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

    def follow(self, event: Event) -> None:
        if isinstance(event, SlotSet) and event.key == REQUESTED_SLOT:
            self.requested_slot = event.value
        elif isinstance(event, ActiveLoop):
            self.active_loop = event.name

    @property
    def asks_for_secret(self) -> bool:
        return self.active_loop in SECRET_FORMS and self.requested_slot in SENSITIVE_SLOTS


def drop_unstored(event: Event) -> None:
    """Removes UNSTORED_PARSE_KEYS from a user message's parse result, in place (nothing derived
    from them: the conversation's state, slots and predictions stay as they are)."""
    if isinstance(event, UserUttered):
        for key in UNSTORED_PARSE_KEYS:
            event.parse_data.pop(key, None)  # type: ignore[misc]


def redact(event: Event, state: _State) -> Event:
    """A copy of `event` safe to store, given the conversation state before it; the event itself
    when nothing in it needs hiding."""
    if isinstance(event, UserUttered):
        original = event.as_dict()
        data = _redact_user(event.as_dict(), whole=state.asks_for_secret)
        return event if data == original else (Event.from_parameters(data) or event)
    if isinstance(event, SlotSet):
        if event.key in SENSITIVE_SLOTS and event.value not in PLACEHOLDERS:
            return SlotSet(event.key, REDACTED, event.timestamp, event.metadata)
        if event.key == "session_started_metadata":
            return SlotSet(event.key, _clean_metadata(event.value), event.timestamp, event.metadata)
        # Free text a tenant typed (a repair description, a comment) is masked like user messages.
        if isinstance(event.value, str) and mask(event.value) != event.value:
            return SlotSet(event.key, mask(event.value), event.timestamp, event.metadata)
    if isinstance(event, BotUttered) and is_personal(event):
        return BotUttered(PERSONAL_ANSWER, _choices_only(event.data), {PERSONAL_KEY: True}, event.timestamp)
    return event


def _choices_only(data: Any) -> Dict[str, Any]:
    """What a personal message offered, without its words: the buttons' payloads (a "ja" after the message
    chooses among them, sdk_turn.offered_payloads), each title hidden like the text (a title may name the
    tenant's own request). A payload is what a click stores as the tenant's message anyway."""
    buttons = data.get("buttons") if isinstance(data, dict) else None
    if not isinstance(buttons, list):
        return {}
    kept = [{"title": PERSONAL_ANSWER, "payload": b["payload"]} for b in buttons
            if isinstance(b, dict) and isinstance(b.get("payload"), str)]
    return {"buttons": kept} if kept else {}


def redacted_new_events(events: Iterable[Event], stored: int) -> Tuple[List[Event], bool]:
    """The events after the first `stored` ones, as they are to be stored, and whether any needed
    redacting. The unstored parse keys are dropped from the events themselves (memory holds what the
    database holds); the events before are walked for the state a message answers in."""
    state = _State()
    new: List[Event] = []
    changed = False
    for index, event in enumerate(events):
        if index >= stored:
            drop_unstored(event)
            safe = redact(event, state)
            changed = changed or safe is not event
            new.append(safe)
        state.follow(event)
    return new, changed
