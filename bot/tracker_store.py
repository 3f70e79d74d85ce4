"""Rasa's SQL tracker store, minus the personal data it does not need (AVG/GDPR).

Each new event is redacted before it is written; the conversation in memory keeps the real
text for the turn that is running. What is never stored in clear:
- answers to the verification questions (the whole message), and the verification slots;
- portal tokens and WhatsApp phone numbers in message and session metadata;
- the assistant's personal answers (rent, address, name, ...): only that one was given. A bot
  message is personal when the code that rendered it marked it (huurwijzer.conversation.shared_names.PERSONAL_KEY in
  its metadata), whichever action sent it;
- the maatwerk answers (money help, care needs, ...): stored in the tenancy database only;
- e-mail addresses, IBANs, phone, contract and 9-digit numbers, postcodes and dates in
  any user message and any free-text slot (masked, so staff reports stay readable).
Not stored either, as nothing reads them back: the word spans of a message's tokens and the gate's
raw ranking (UNSTORED_PARSE_KEYS).
"""

from __future__ import annotations

import itertools
import json
from collections import OrderedDict
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Dict, Iterator, List, Optional, Tuple

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import (
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY, TEXT_TOKENS

from huurwijzer.conversation.shared_names import (
    CODE_SLOT,
    PERSONAL_KEY,
    PERSONAL_PLACEHOLDER,
    PREFERENCE_SLOTS,
    RECEIVED,
    REDACTED,
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
        if isinstance(event, SlotSet) and event.key == "requested_slot":
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
        return BotUttered(PERSONAL_ANSWER, {}, {PERSONAL_KEY: True}, event.timestamp)
    return event


# The turn running in this task (bot/resilience/turn.py enters one_turn() while it holds the
# conversation's lock): a kept conversation checked against the database once in a turn is not
# checked again in the same turn, as no one else can write it meanwhile. A turn reads the
# conversation twice (for a retried message, then to handle it): the second check cost a twentieth
# of the Rasa server's CPU (docs/performance.md).
_turn: ContextVar[Optional[object]] = ContextVar("huurwijzer_turn", default=None)


@contextmanager
def one_turn() -> Iterator[None]:
    """While the caller holds the conversation's lock for one message."""
    token = _turn.set(object())
    try:
        yield
    finally:
        _turn.reset(token)


class PrivateSQLTrackerStore(SQLTrackerStore):
    """Configured in bot/endpoints.yml with `type: bot.tracker_store.PrivateSQLTrackerStore`. The Rasa
    methods it overrides or calls are listed in bot/rasa_patches.py.

    Between turns it keeps recent conversations in memory: rebuilding a conversation from the
    database on every message was a fifth of the Rasa server's time (docs/performance.md). A kept
    conversation is used only when it is exactly what is stored: no other server wrote to it since
    (the newest stored event id is unchanged) and it was not changed without being saved. When
    something in a turn was redacted, memory keeps the conversation as stored (replayed from the
    redacted events), never the clear text: reading it back from the database after every such
    turn made a letter with a name or an address cost a third more (docs/performance.md).
    """

    KEEP_CONVERSATIONS = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # After a database outage the pool holds dead connections; checking each one before use
        # makes the first message after recovery work instead of failing once more.
        self.engine.pool._pre_ping = True
        # sender id -> (tracker, number of its events stored, newest stored event id)
        self._kept: OrderedDict[str, Tuple[DialogueStateTracker, int, int]] = OrderedDict()
        # sender id -> the turn in which its kept conversation was last checked against the database
        self._checked_in: Dict[str, object] = {}

    @property  # type: ignore[override]
    def domain(self) -> Any:
        return self._domain

    @domain.setter
    def domain(self, domain: Any) -> None:
        from rasa.shared.core.domain import Domain

        # A new model may bring other slots: kept conversations were built with the old domain.
        if getattr(self, "_domain", None) is not domain and hasattr(self, "_kept"):
            self._kept.clear()
            self._checked_in.clear()
        self._domain = domain or Domain.empty()

    def _newest_id(self, session: Any, sender_id: str) -> int:
        newest = session.query(sa.func.max(self.SQLEvent.id)).filter(self.SQLEvent.sender_id == sender_id).scalar()
        return int(newest or 0)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> Optional[DialogueStateTracker]:
        kept = self._kept.get(sender_id)
        if kept is not None and not fetch_events_from_all_sessions:
            tracker, stored, newest = kept
            turn = _turn.get()
            if len(tracker.events) != stored:
                unchanged = False
            elif turn is not None and self._checked_in.get(sender_id) is turn:
                unchanged = True
            else:
                with self.session_scope() as session:
                    unchanged = self._newest_id(session, sender_id) == newest
            if unchanged:
                self._kept.move_to_end(sender_id)
                if turn is not None:
                    self._checked_in[sender_id] = turn
                return tracker
            self._forget(sender_id)
        return await super()._retrieve(sender_id, fetch_events_from_all_sessions)

    def _forget(self, sender_id: str) -> Optional[Tuple[DialogueStateTracker, int, int]]:
        self._checked_in.pop(sender_id, None)
        return self._kept.pop(sender_id, None)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        return iter(self._redacted_new_events(session, tracker)[0])

    def _stored_count(self, session: Any, tracker: DialogueStateTracker,
                      kept: Optional[Tuple[DialogueStateTracker, int, int]]) -> int:
        """How many of the tracker's events are stored: known when it is the conversation kept in
        memory (checked against the store when it was read, and the turn holds the conversation's
        lock), counted in the database otherwise (building and running that query was a tenth of
        the Rasa server's CPU, docs/performance.md)."""
        if kept is not None and kept[0] is tracker:
            return kept[1]
        return int(self._event_query(session, tracker.sender_id, fetch_events_from_all_sessions=False).count())

    def _redacted_new_events(self, session: Any, tracker: DialogueStateTracker,
                             kept: Optional[Tuple[DialogueStateTracker, int, int]] = None,
                             ) -> Tuple[List[Event], bool]:
        """The events not stored yet, redacted, and whether any needed redacting."""
        stored = self._stored_count(session, tracker, kept or self._kept.get(tracker.sender_id))
        state = _State()
        new, changed = [], False
        for index, event in enumerate(tracker.events):
            if index >= stored:
                drop_unstored(event)
                safe = redact(event, state)
                changed = changed or safe is not event
                new.append(safe)
            state.follow(event)
        return new, changed

    def _row(self, sender_id: str, event: Event) -> Dict[str, Any]:
        data = event.as_dict()
        return {"sender_id": sender_id, "type_name": event.type_name, "timestamp": data.get("timestamp"),
                "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
                "action_name": data.get("name"), "data": json.dumps(data)}

    def _insert(self, session: Any, rows: List[Dict[str, Any]]) -> Optional[int]:
        """Writes the rows in their order; the id of the last one (the newest), None without rows.
        Plain inserts instead of the ORM's unit of work, which cost twice the CPU for a turn's rows."""
        if not rows:
            return None
        table = self.SQLEvent.__table__
        if len(rows) > 1:
            session.execute(sa.insert(table), rows[:-1])
        return int(session.execute(sa.insert(table), rows[-1]).inserted_primary_key[0])

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save (events redacted), then the conversation is kept if memory equals the store."""
        await self.stream_events(tracker)
        # Forgotten before writing: a save that fails leaves the conversation to be read again.
        kept = self._forget(tracker.sender_id)
        with self.session_scope() as session:
            events, changed = self._redacted_new_events(session, tracker, kept)
            newest = self._insert(session, [self._row(tracker.sender_id, event) for event in events])
            session.commit()
            # The store returns a conversation from its last session start on; a tracker that holds
            # more (the first turn's action_session_start, or an earlier session) is read again.
            starts = [i for i, e in enumerate(tracker.events) if isinstance(e, SessionStarted)]
            if starts in ([], [0]):
                if newest is None:
                    newest = self._newest_id(session, tracker.sender_id)
                if changed:
                    tracker = self._as_stored(tracker, events)
                self._kept[tracker.sender_id] = (tracker, len(tracker.events), newest)
                if len(self._kept) > self.KEEP_CONVERSATIONS:
                    self._forget(next(iter(self._kept)))

    def _as_stored(self, tracker: DialogueStateTracker, new: List[Event]) -> DialogueStateTracker:
        """The conversation as the database now holds it: its events before this save (as stored:
        the tracker was read from the store or kept equal to it) and the redacted new ones, replayed
        as `_retrieve` replays what it reads (the same slots, latest message, loop). Replaying in
        memory costs a twentieth of reading the conversation back (no SQL, no JSON)."""
        stored = len(tracker.events) - len(new)
        events = [*itertools.islice(tracker.events, stored), *new]
        return DialogueStateTracker.from_events(tracker.sender_id, events, self.domain.slots)
