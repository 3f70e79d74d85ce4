"""The policies' state history of a conversation, continued from the previous build instead of replayed
from the start (DialogueStateTracker.past_states replaced; installed by bot/speedups.py).

Every prediction turns the whole conversation into a list of states, one per action so far: Rasa's
Domain.states_for_tracker_history replays every event on an empty tracker and folds a state out of
it before each action. Two predictions per message, RulePolicy and MemoizationPolicy each with their
own settings: four replays of a conversation that grows, the largest part of a question's prediction
(docs/performance.md, "Questions and letters, session 12"). The conversation kept by the tracker store
is the same from turn to turn, so the replay can go on where the last one stopped: `_Fold`
holds the replayed tracker, the states so far and the fold's two variables, and takes only the
events added since.

It continues only from exactly what it folded before: the same conversation (sender id), domain,
settings and slots, the events it saw still the first events (the same objects), and the events Rasa
applies now (`applied_events`: without reverted turns, restarts and a loop's happy path in between)
starting with those it applied. One exception, for letters: the tracker store keeps a turn in which
it masked something (a name, an address) as stored, a new conversation object whose message has the
masked text; that message is swapped into the fold when its state differs only in the text and no
other message had the clear text (`_as_now_held`). Anything else (an undo, a restart, a session
start, a new model) starts a new fold from the first event. The state after the last event changes
with the next event, so it is computed per call and not kept in the fold. Callers change the states
they get (the featurizer deletes a message's text or intent), so every call hands out copies.
"""

from __future__ import annotations

import copy
import itertools
import logging
import weakref
from collections import Counter, OrderedDict
from typing import Any, Callable, Dict, List, Optional, Tuple

State = Dict[str, Dict[str, Any]]
logger = logging.getLogger(__name__)
# Folds kept: two settings per conversation (RulePolicy, MemoizationPolicy); more than the
# conversations a server handles at once. A fold holds a replayed copy of its conversation's state.
KEEP_FOLDS = 256


def _copied(states: List[State]) -> List[State]:
    """A copy no caller's change reaches: a state is a dict of dicts of str, numbers and tuples."""
    return [{name: dict(sub_state) for name, sub_state in state.items()} for state in states]


def _simple(event: Any, loop_names: set[str]) -> bool:
    """Whether Rasa's applied_events appends `event` as it is and treats the events before it as it
    did without it (no undo, no restart, no loop execution that could fold a happy path, no new loop name)."""
    from rasa.shared.core.events import (
        ActionExecuted,
        ActionReverted,
        ActiveLoop,
        Restarted,
        SessionStarted,
        UserUtteranceReverted,
    )

    if isinstance(event, (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted)):
        return False
    if isinstance(event, ActiveLoop):
        return not event.name or event.name in loop_names
    return not (isinstance(event, ActionExecuted) and event.action_name in loop_names)


class _Fold:
    """Rasa's fold in states_for_tracker_history, stopped after the last event it was given."""

    def __init__(self, tracker: Any, domain: Any, omit_unset_slots: bool, ignore_rule_only_turns: bool,
                 rule_only_data: Optional[Dict[str, Any]]) -> None:
        self.slot_names = tuple(tracker.slots)
        self.domain = weakref.ref(domain)
        self.omit_unset_slots = omit_unset_slots
        self.ignore_rule_only_turns = ignore_rule_only_turns
        self.rule_only_data = copy.deepcopy(rule_only_data)
        self.replay = tracker.init_copy()
        self.seen: List[Any] = []  # the tracker's events folded so far, in order
        self.applied: List[Any] = []  # of those, the ones Rasa applies
        self.loop_names: set[str] = set()
        self.states: List[State] = []
        self.last_ml_action: Optional[Dict[str, Any]] = None
        self.turn_was_hidden = False
        self.final: Optional[List[State]] = None  # the whole answer for `seen`, the state after the last event included

    def fits(self, tracker: Any, domain: Any, rule_only_data: Optional[Dict[str, Any]]) -> bool:
        return (self.domain() is domain and self.rule_only_data == rule_only_data
                and self.slot_names == tuple(tracker.slots))

    def swap(self, index: int, clear: Any, masked: Any) -> None:
        """`masked` in place of the message `clear` (the `index`-th event seen), whose state differs only
        in its text, a text no other message of the fold has: what folding `masked` would have given."""
        from rasa.shared.core.constants import USER
        from rasa.shared.nlu.constants import TEXT

        self.seen[index] = masked
        self.applied = [masked if event is clear else event for event in self.applied]
        for position, event in enumerate(self.replay.events):
            if event is clear:
                self.replay.events[position] = masked
        if self.replay.latest_message is clear:
            self.replay.latest_message = masked
        for state in self.states:  # sub-states may be shared between states: each is changed once
            user = state.get(USER)
            if user is not None and user.get(TEXT) == clear.text:
                user[TEXT] = masked.text
        self.final = None

    def _state(self, hide_rule_turn: bool, states: List[State]) -> Tuple[Optional[Dict[str, Any]], bool]:
        """One step of Rasa's loop on the replayed tracker: appends its state to `states` (unless the
        turn is hidden) and returns the fold's two variables after it."""
        from rasa.shared.core.constants import PREVIOUS_ACTION

        domain: Any = self.domain()
        replay = self.replay
        last_ml_action, turn_was_hidden = self.last_ml_action, self.turn_was_hidden
        if self.ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action = domain._get_prev_action_sub_state(replay)
            if not replay.followup_action and replay.latest_action_name != replay.active_loop_name:
                turn_was_hidden = hide_rule_turn
            if turn_was_hidden:
                return last_ml_action, turn_was_hidden
        state = domain.get_active_state(replay, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if states:
                domain._substitute_rule_only_user_input(state, states[-1])
            if last_ml_action:
                state[PREVIOUS_ACTION] = last_ml_action
        states.append(domain._clean_state(state))
        return last_ml_action, turn_was_hidden

    def add(self, seen: List[Any], applied: List[Any]) -> None:
        """Folds the events `applied` (those of `seen`, the tracker's next events, that Rasa applies)."""
        from rasa.shared.core.events import ActionExecuted, ActiveLoop

        for event in applied:
            if isinstance(event, ActionExecuted):
                self.last_ml_action, self.turn_was_hidden = self._state(event.hide_rule_turn, self.states)
            self.replay.update(event)
        if seen:
            self.final = None
        self.seen.extend(seen)
        self.applied.extend(applied)
        self.loop_names.update(e.name for e in seen if isinstance(e, ActiveLoop) and e.name)

    def result(self) -> List[State]:
        if self.final is None:
            final = list(self.states)
            self._state(False, final)
            self.final = final
        return _copied(self.final)


_folds: OrderedDict[Tuple[str, bool, bool], _Fold] = OrderedDict()


def _only_text_differs(clear: Any, masked: Any) -> bool:
    from rasa.shared.core.events import UserUttered
    from rasa.shared.nlu.constants import TEXT

    if not (type(clear) is type(masked) and isinstance(clear, UserUttered) and isinstance(clear.text, str)
            and isinstance(masked.text, str) and clear.intent == masked.intent and clear.entities == masked.entities
            and clear.is_empty() == masked.is_empty()):
        return False
    ours, theirs = clear.as_sub_state(), masked.as_sub_state()
    return (TEXT in ours) == (TEXT in theirs) and {**ours, TEXT: None} == {**theirs, TEXT: None}


def _as_now_held(fold: _Fold, tracker: Any, done: int) -> bool:
    """The events the fold saw, as the tracker now holds them: the same objects, or a message the
    tracker store masked (it keeps a turn with something redacted as stored: a new conversation
    object, the message with its masked text). Such a message is swapped into the fold when its state
    differs only in its text and neither text is another message's; otherwise False."""
    from rasa.shared.core.events import UserUttered

    held = list(itertools.islice(tracker.events, done))
    swaps = [(i, a, b) for i, (a, b) in enumerate(zip(fold.seen, held, strict=True)) if a is not b]
    if not swaps:
        return True
    if not all(_only_text_differs(clear, masked) for _, clear, masked in swaps):
        return False
    texts = Counter(event.text for event in fold.seen if isinstance(event, UserUttered))
    cleared = {clear.text for _, clear, _ in swaps}
    # A state with the clear text came from that message alone, and no text swapped in is swapped again.
    if not all(texts[clear.text] == 1 and masked.text not in cleared for _, clear, masked in swaps):
        return False
    for index, clear, masked in swaps:
        fold.swap(index, clear, masked)
    return True


def _resumed(fold: _Fold, tracker: Any) -> bool:
    """Brings `fold` up to the tracker's events; False when it cannot continue from what it folded."""
    events = tracker.events
    done = len(fold.seen)
    if len(events) < done or not _as_now_held(fold, tracker, done):
        return False
    new = list(itertools.islice(events, done, None))
    if all(_simple(event, fold.loop_names) for event in new):
        fold.add(new, new)
        return True
    applied = tracker.applied_events()
    if len(applied) < len(fold.applied) or any(
            a is not b for a, b in zip(fold.applied, applied[:len(fold.applied)], strict=True)):
        return False
    fold.add(new, applied[len(fold.applied):])
    return True


def states_resumed(past_states: Callable[..., List[State]]) -> Callable[..., List[State]]:
    """DialogueStateTracker.past_states (`past_states`, Rasa's), continued from the previous build."""

    def resumed_past_states(self: Any, domain: Any, omit_unset_slots: bool = False,
                            ignore_rule_only_turns: bool = False,
                            rule_only_data: Optional[Dict[str, Any]] = None) -> List[State]:
        from rasa.shared.core.domain import Domain

        if type(domain).states_for_tracker_history is not Domain.states_for_tracker_history:
            return past_states(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
        key = (str(self.sender_id), omit_unset_slots, ignore_rule_only_turns)
        try:
            fold = _folds.get(key)
            if fold is None or not fold.fits(self, domain, rule_only_data) or not _resumed(fold, self):
                fold = _Fold(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)
                applied = self.applied_events()
                fold.add(list(self.events), applied)
            _folds[key] = fold
            _folds.move_to_end(key)
            while len(_folds) > KEEP_FOLDS:
                _folds.popitem(last=False)
            return fold.result()
        except Exception as error:
            # A shortcut must never cost a tenant the turn (an error here is the apology for every later
            # message): forget the fold and build as Rasa does. The type only: events hold tenant text.
            _folds.pop(key, None)
            logger.warning("state_history.fallback error=%s", type(error).__name__)
            return past_states(self, domain, omit_unset_slots, ignore_rule_only_turns, rule_only_data)

    return resumed_past_states
