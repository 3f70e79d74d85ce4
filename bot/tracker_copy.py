"""DialogueStateTracker.copy without replaying the conversation (replaced; installed by bot/speedups.py).

Rasa's processor copies the tracker before every action it runs (`MessageProcessor._run_action`: two a
message, a form's validation one more), and Rasa's copy (`travel_back_in_time(inf)`) replays every event
of the conversation on a blank tracker: a cost that grows with the conversation (docs/performance.md).
Rasa's own rule for the tracker is that its state "MUST be re-creatable by processing all the events"
(trackers.py): nothing in Rasa or in our code sets the state any other way. So `copy_without_replay`
takes the state as it stands, as the replay would leave it: the same event objects, fresh copies of the
slots (copied as copy.copy copies them, without its generic steps) and of the active loop (the
copy's events change those in place), the same latest message, bot
utterance, action, follow-up action and pause flag, and what a blank tracker has for the rest (no model
or assistant id, no sender source).

It copies as Rasa does, by replaying, whenever that rule may not hold or the replay would do more than set
state: a tracker class or slot table of another kind (a subclass, slots created on demand), a bounded event
history (the events kept are then not all those that made the state), an event of a type not listed in
PURE_EVENTS (a story export writes a file when replayed; a type added to Rasa later), or a slot event for a
slot the conversation does not have (the replay logs an error for it). A latest message or bot utterance
that is no event of the conversation (the blank one a reset leaves) is copied, as the replay makes a new one.
"""

from __future__ import annotations

import copy
from typing import Any, Callable, Dict, FrozenSet, Optional

_PURE_EVENT_NAMES = (
    "ActionExecuted", "ActionExecutionRejected", "ActionReverted", "ActiveLoop", "AgentUttered", "AllSlotsReset",
    "BotUttered", "ConversationPaused", "ConversationResumed", "DefinePrevUserUtteredFeaturization",
    "EntitiesAdded", "FollowupAction", "LegacyForm", "LegacyFormValidation", "LoopInterrupted",
    "ReminderCancelled", "ReminderScheduled", "Restarted", "SessionStarted", "SlotSet", "UserUtteranceReverted",
    "UserUttered",
)
_pure: Optional[FrozenSet[type]] = None


def pure_events() -> FrozenSet[type]:
    """The event classes (exactly these, no subclass) whose apply_to only sets the tracker's state."""
    global _pure
    if _pure is None:
        from rasa.shared.core import events

        _pure = frozenset(getattr(events, name) for name in _PURE_EVENT_NAMES)
    return _pure


def _replay_free(tracker: Any) -> bool:
    """Whether the tracker's state is what a replay of its events gives and a replay only sets state."""
    from rasa.shared.core.events import SlotSet
    from rasa.shared.core.trackers import DialogueStateTracker

    if type(tracker) is not DialogueStateTracker or type(tracker.slots) is not dict:
        return False
    if tracker._max_event_history is not None:
        return False
    pure, slots = pure_events(), tracker.slots
    for event in tracker.events:
        kind = type(event)
        if kind not in pure or (kind is SlotSet and event.key not in slots):
            return False
    return True


_plain: Dict[type, bool] = {}
_COPY_HOOKS = ("__copy__", "__reduce__", "__reduce_ex__", "__getstate__", "__setstate__", "__slots__")


def _plainly_copied(kind: type) -> bool:
    """Whether copy.copy of an instance of `kind` is a new instance with the same attribute dict (no copy
    hooks, no slots): then that is what the copy does, without copy.copy's generic steps."""
    plain = _plain.get(kind)
    if plain is None:
        plain = _plain.setdefault(kind, all(
            hook not in base.__dict__ or (hook == "__slots__" and not base.__dict__[hook])
            for base in kind.__mro__[:-1] for hook in _COPY_HOOKS))
    return plain


def slot_copy(slot: Any) -> Any:
    """copy.copy(slot), as Rasa's copy makes each slot's copy."""
    kind = type(slot)
    if not _plainly_copied(kind):
        return copy.copy(slot)
    other = object.__new__(kind)
    other.__dict__.update(slot.__dict__)
    return other


def _held(latest: Any, tracker: Any) -> Any:
    """The latest message or bot utterance as the replay leaves it: the event itself, or a new blank."""
    if latest is None or any(latest is event for event in reversed(tracker.events)):
        return latest
    return copy.deepcopy(latest)


def copy_without_replay(copy_by_replay: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """DialogueStateTracker.copy (`copy_by_replay`, Rasa's) taking the state instead of replaying it."""
    from rasa.shared.core.trackers import DEFAULT_SENDER_ID, DialogueStateTracker

    def copied(self: Any) -> Any:
        if not _replay_free(self):
            return copy_by_replay(self)
        other = DialogueStateTracker.__new__(DialogueStateTracker)
        other._max_event_history = None
        other.events = other._create_events(list(self.events))
        other.sender_id = self.sender_id or DEFAULT_SENDER_ID
        other.slots = {slot.name: slot_copy(slot) for slot in self.slots.values()}
        other.sender_source = None
        other.is_rule_tracker = self.is_rule_tracker
        other._paused = self._paused
        other.followup_action = self.followup_action
        other.latest_action = copy.copy(self.latest_action)
        other.latest_message = _held(self.latest_message, self)
        other.latest_bot_utterance = _held(self.latest_bot_utterance, self)
        other.active_loop = copy.copy(self.active_loop)
        other.model_id = None
        other.assistant_id = None
        return other

    return copied
