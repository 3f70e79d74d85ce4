"""Measured fixes to Rasa 3.6 hot paths, installed by `python -m bot.server` (never on import).

RemoteAction._validate_action_result calls `jsonschema.validate` on every action-server
response, which first re-checks Rasa's own (large) response schema. Profiling showed this to be
the largest cost per message (docs/performance.md). The replacement validates against the same
schema with a validator compiled once: the same checks, the same errors.

A message that arrives while the same conversation is busy (a tenant sending two lines quickly)
waits for the conversation lock; Rasa checks the lock once a second, so the second line waited up
to a second after the first was done. We check every LOCK_POLL_SECONDS (one small Redis read).

Reading a conversation from the tracker store turns every stored event back into an object;
Rasa finds each event's class by walking all Event subclasses and checking each for abstract
methods, which took 16 % of the server's time in a profile. `resolve_event_type` remembers the
answer per type name (looking again for a name it has not seen, so late-imported events count).

The policies turn the whole conversation into a list of states several times per prediction
(Rasa replays every event from the start each time: 11 % of the server's time). Now that the
tracker store keeps a conversation between turns, `states_for_tracker_history` continues from
where the previous call on the same tracker stopped, as long as the events seen then are still the
first events now (an undo or restart starts over). Callers change the states they get, so each
call returns fresh copies. `tests/bot/test_speedups.py` compares it with Rasa's on real trackers.
"""

from __future__ import annotations

import weakref
from typing import Any, Dict, List, Optional, Tuple, Type

_validator: Optional[Any] = None
_event_types: Dict[str, Any] = {}
LOCK_POLL_SECONDS = 0.02


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    global _validator
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.shared.constants import DOCS_BASE_URL

    if _validator is None:
        spec = self.action_response_format_spec()
        _validator = validator_for(spec)(spec)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def resolve_event_type(type_name: str, default: Optional[Type[Any]] = None) -> Optional[Type[Any]]:
    """Event.resolve_by_type with the same result, remembered per type name."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    found = _event_types.get(type_name)
    if found is None:
        for cls in all_subclasses(Event):
            if cls.type_name == type_name:
                found = _event_types.setdefault(type_name, cls)
                break
    if found is not None:
        return found  # type: ignore[no-any-return]
    if type_name == "topic":
        return None  # Rasa's compatibility case for old TopicSet events
    if default is not None:
        return default
    raise ValueError(f"Unknown event name '{type_name}'.")


class _Progress:
    """How far states_for_tracker_history got on one tracker for one set of arguments."""

    def __init__(self, domain: Any, rule_only_data: Any, replay: Any) -> None:
        # Held, not just their ids: an id can be reused by a new domain after a model reload.
        self.domain = domain
        self.rule_only_data = rule_only_data
        self.events: List[Any] = []  # the applied events consumed so far
        self.replay = replay  # a copy of the tracker with those events applied
        self.states: List[Dict[str, Any]] = []  # the states of every action so far
        self.last_ml_action: Optional[Dict[str, Any]] = None
        self.turn_was_hidden = False


_progress_by_tracker: Dict[int, Dict[Tuple[Any, ...], _Progress]] = {}


def _copy_state(state: Dict[str, Any]) -> Dict[str, Any]:
    # States are two levels deep; callers pop keys from the sub-states.
    return {key: (dict(value) if isinstance(value, dict) else value) for key, value in state.items()}


def states_for_tracker_history(self: Any, tracker: Any, omit_unset_slots: bool = False,
                               ignore_rule_only_turns: bool = False,
                               rule_only_data: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    """Domain.states_for_tracker_history with the same result, resumed from the previous call."""
    from rasa.shared.core import constants
    from rasa.shared.core.events import ActionExecuted

    applied = tracker.applied_events()
    key: Tuple[Any, ...] = (id(self), omit_unset_slots, ignore_rule_only_turns, id(rule_only_data))
    cache = _progress_by_tracker.get(id(tracker))
    if cache is None:
        # Kept beside the tracker, not on it: a deep copy of the tracker must not copy this.
        cache = _progress_by_tracker[id(tracker)] = {}
        weakref.finalize(tracker, _progress_by_tracker.pop, id(tracker), None)
    progress = cache.get(key)
    if (progress is None or progress.domain is not self or progress.rule_only_data is not rule_only_data
            or len(progress.events) > len(applied)
            or any(a is not b for a, b in zip(progress.events, applied, strict=False))):
        progress = cache[key] = _Progress(self, rule_only_data, tracker.init_copy())

    def state_of(replay: Any, hide_rule_turn: bool, states: List[Dict[str, Any]], keep: bool) -> None:
        if ignore_rule_only_turns:
            if not progress.turn_was_hidden:
                progress.last_ml_action = self._get_prev_action_sub_state(replay)
            hidden = progress.turn_was_hidden
            if not replay.followup_action and replay.latest_action_name != replay.active_loop_name:
                hidden = hide_rule_turn
            if keep:
                progress.turn_was_hidden = hidden
            if hidden:
                return
        state = self.get_active_state(replay, omit_unset_slots=omit_unset_slots)
        if ignore_rule_only_turns:
            self._remove_rule_only_features(state, rule_only_data)
            if states:
                self._substitute_rule_only_user_input(state, states[-1])
            if progress.last_ml_action:
                state[constants.PREVIOUS_ACTION] = progress.last_ml_action
        states.append(self._clean_state(state))

    for event in applied[len(progress.events):]:
        if isinstance(event, ActionExecuted):
            state_of(progress.replay, event.hide_rule_turn, progress.states, keep=True)
        progress.replay.update(event)
        progress.events.append(event)
    # The state after the last event changes with the next event: computed, not kept.
    saved = (progress.last_ml_action, progress.turn_was_hidden)
    states = list(progress.states)
    state_of(progress.replay, False, states, keep=False)
    progress.last_ml_action, progress.turn_was_hidden = saved
    return [_copy_state(state) for state in states]


def install() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.lock_store import LOCK_LIFETIME, LockStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import Event

    Domain.states_for_tracker_history = states_for_tracker_history  # type: ignore[method-assign,assignment]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign,assignment]

    lock = LockStore.lock

    def lock_polled_often(self: LockStore, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                          wait_time_in_seconds: float = LOCK_POLL_SECONDS) -> Any:
        return lock(self, conversation_id, lock_lifetime, wait_time_in_seconds)

    LockStore.lock = lock_polled_often  # type: ignore[method-assign]

    if not hasattr(RemoteAction, "_validate_action_result"):
        raise RuntimeError("Rasa changed: RemoteAction._validate_action_result is gone; review bot/speedups.py")
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
