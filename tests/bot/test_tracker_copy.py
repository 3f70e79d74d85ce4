"""bot.tracker_copy.copy_without_replay: the tracker copied before each action is Rasa's copy (a replay of
every event), attribute for attribute, for every prefix of conversations with forms, undos, restarts, new
sessions, pauses and loop rejections, and for conversations the model plays; changing the copy leaves the
original as Rasa's copy does; it replays nothing; anything it cannot vouch for is replayed as Rasa does."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    AllSlotsReset,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    DefinePrevUserUtteredFeaturization,
    EntitiesAdded,
    Event,
    FollowupAction,
    LoopInterrupted,
    ReminderScheduled,
    SessionStarted,
    SlotSet,
    StoryExported,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity

from bot import tracker_copy
from tests.bot.played_conversation import play
from tests.bot.test_past_states import DOMAIN_PATH, conversation_events

ROOT = Path(__file__).resolve().parents[2]
RASA_COPY = DialogueStateTracker.copy
COPY = tracker_copy.copy_without_replay(RASA_COPY)
LETTER = ("Beste Woongoed, sinds drie weken lekt de kraan in de keuken en de buurman zegt dat ik het zelf moet "
          "betalen. Ik heb al twee keer gebeld maar niemand kwam langs. Wie moet de kraan nu repareren?")


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(DOMAIN_PATH))


def _more_events() -> List[Event]:
    """Pauses, a follow-up action, a loop interrupted and rejected, entities added, reminders, a slot reset."""
    user = UserUttered("ik wil een reparatie melden", {"name": "report_repair", "confidence": 0.8},
                       [{"entity": "room", "value": "keuken"}])
    return [
        ActionExecuted("action_listen"), user, DefinePrevUserUtteredFeaturization(True),
        EntitiesAdded([{"entity": "room", "value": "keuken"}, {"entity": "object", "value": "kraan"}]),
        ActionExecuted("repair_form"), ActiveLoop("repair_form"), SlotSet("requested_slot", "repair_room"),
        ActionExecuted("action_listen"), UserUttered("hoe laat is het", {"name": "opening_hours", "confidence": 1}),
        ActionExecutionRejected("repair_form"), LoopInterrupted(True), FollowupAction("action_answer_question"),
        ReminderScheduled("EXTERNAL_x", trigger_date_time=datetime(2026, 12, 7, 9)),
        ActionExecuted("action_answer_question"),
        BotUttered("Wij zijn open van 9 tot 5."), ConversationPaused(), ConversationResumed(), AllSlotsReset(),
        ActionExecuted("repair_form"), ActiveLoop(None), ActionExecuted("action_listen"),
    ]


def _blank(message: Any) -> Any:
    """A blank message a reset made (no event): its time is when it was made, so two of Rasa's copies differ."""
    if message is None:
        return None
    return type(message), {k: v for k, v in vars(message).items() if k != "timestamp"}


def _state(tracker: DialogueStateTracker) -> Dict[str, Any]:
    """Every attribute of a tracker, objects the replay shares compared by identity, the rest by value."""
    found = dict(vars(tracker))
    found["events"] = [id(event) for event in tracker.events]
    found["maxlen"] = tracker.events.maxlen
    found["slots"] = [(name, type(slot), vars(slot)) for name, slot in tracker.slots.items()]
    found["slot types"] = type(tracker.slots)
    for name in ("latest_message", "latest_bot_utterance"):
        held = getattr(tracker, name)
        found[name] = id(held) if any(held is event for event in tracker.events) else _blank(held)
    found["active_loop"] = dataclasses.asdict(tracker.active_loop) if tracker.active_loop else None
    found["current"] = tracker.current_state(EventVerbosity.ALL)
    found["type"] = type(tracker)
    return found


def _assert_same_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    before = _state(tracker)
    expected, got = RASA_COPY(tracker), COPY(tracker)
    assert _state(got) == _state(expected), len(tracker.events)
    assert _state(tracker) == before
    for copied in (expected, got):  # nothing changeable is shared with the original
        assert copied.active_loop is None or copied.active_loop is not tracker.active_loop
        assert all(copied.slots[name] is not slot for name, slot in tracker.slots.items())
    return got


def test_every_prefix_copies_as_rasa(domain: Domain) -> None:
    tracker = DialogueStateTracker("prefixes", domain.slots)
    tracker.model_id, tracker.assistant_id = "model", "assistant"  # as the processor sets them
    _assert_same_copy(tracker)
    for event in [*conversation_events(), *_more_events()]:
        tracker.update(event)
        _assert_same_copy(tracker)


@pytest.mark.parametrize("later", [
    [SlotSet("verification_contract", "nieuw")], [ActiveLoop("repair_form"), LoopInterrupted(True)],
    [ActionExecutionRejected("repair_form")], [ActionExecuted("repair_form"), ActiveLoop(None)],
    [UserUttered("nog iets", {"name": "greet", "confidence": 1}), DefinePrevUserUtteredFeaturization(False)],
    [ConversationPaused(), FollowupAction("action_listen")], [AllSlotsReset()],
])
def test_changing_the_copy_leaves_the_original(domain: Domain, later: List[Event]) -> None:
    tracker = DialogueStateTracker("changed", domain.slots)
    for event in [*conversation_events()[:14], ActionExecuted("repair_form"), ActiveLoop("repair_form")]:
        tracker.update(event)
    before = _state(tracker)
    expected, got = RASA_COPY(tracker), COPY(tracker)
    for copied in (expected, got):
        copied.update_with_events(later, domain, override_timestamp=False)
    assert _state(got) == _state(expected)
    assert _state(tracker) == before


def _long(domain: Domain, turns: int) -> DialogueStateTracker:
    tracker = DialogueStateTracker("long", domain.slots)
    for event in [*conversation_events()[:3], *conversation_events()[3:8] * turns]:
        tracker.update(event)
    return tracker


def test_a_copy_replays_nothing(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    tracker = _long(domain, 60)
    applied: List[Event] = []
    for kind in (ActionExecuted, UserUttered, BotUttered, SlotSet, SessionStarted):
        monkeypatch.setattr(kind, "apply_to", lambda self, _tracker, kind=kind: applied.append(self))
    copied = COPY(tracker)
    assert applied == [] and list(copied.events) == list(tracker.events) and len(tracker.events) > 300
    RASA_COPY(tracker)
    assert len(applied) == len(tracker.events)  # Rasa's copy applies every event again


@pytest.mark.parametrize("unusual", ["story export", "bounded history", "slots on demand", "unknown slot",
                                     "subclass"])
def test_what_it_cannot_vouch_for_is_replayed(domain: Domain, unusual: str, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    slots = None if unusual == "slots on demand" else domain.slots
    kind = type("Tracker", (DialogueStateTracker,), {}) if unusual == "subclass" else DialogueStateTracker
    tracker = kind("unusual", slots, 1000 if unusual == "bounded history" else None)
    for event in conversation_events()[:8]:
        tracker.update(event)
    if unusual == "story export":
        tracker.events.append(StoryExported(str(tmp_path / "verhaal.yml")))
    if unusual == "unknown slot":
        tracker.events.append(SlotSet("geen_slot", 1))
    replays: List[Any] = []
    patched = tracker_copy.copy_without_replay(lambda self: replays.append(self) or RASA_COPY(self))
    patched(tracker)
    assert replays == [tracker]


def test_played_conversations_copy_as_rasa(trained_model: Path) -> None:
    """At every prediction of conversations the model plays (questions, letters, a form, nonsense)."""
    agent = Agent.load(str(trained_model))
    messages = ["hallo", LETTER, "ik wil een reparatie melden", "keuken", "mag ik een kat houden?",
                "wat is mijn huur?", "HC-100007", "stop", "asdfgh", LETTER, "dank je wel"]
    copies: List[int] = []
    play(agent, "copies", messages, lambda tracker: copies.append(len(_assert_same_copy(tracker).events)))
    assert len(copies) >= 2 * len(messages)


def test_the_server_installs_it() -> None:
    code = ("from bot import speedups; speedups.install(); from rasa.shared.core.trackers import "
            "DialogueStateTracker; print(DialogueStateTracker.copy.__qualname__)")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert found.stdout.strip().splitlines()[-1] == "copy_without_replay.<locals>.copied"


def test_a_slot_is_copied_as_copy_copy_copies_it(domain: Domain) -> None:
    tracker = DialogueStateTracker("slots", domain.slots)
    for event in conversation_events()[:20]:
        tracker.update(event)
    kinds = {type(slot) for slot in tracker.slots.values()}
    assert len(kinds) >= 4
    for slot in tracker.slots.values():
        got, expected = tracker_copy.slot_copy(slot), copy.copy(slot)
        assert type(got) is type(expected) and vars(got) == vars(expected) and got is not slot

    class Hooked(type(slot)):  # type: ignore[misc]
        def __copy__(self) -> Any:
            return "own copy"

    hooked = Hooked.__new__(Hooked)
    hooked.__dict__.update(vars(slot))
    assert tracker_copy.slot_copy(hooked) == "own copy"
