"""bot.state_history.states_resumed: the policies' states continued from the previous build on the same
conversation give exactly Rasa's past_states, for every prefix of conversations with forms, undos,
restarts and new sessions, and every prediction stays Rasa's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Dict, List

import pytest
from rasa.core.agent import Agent
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot import state_history
from tests.bot.played_conversation import play

PAST_STATES = DialogueStateTracker.past_states
MESSAGES = ["hallo", "wie moet mijn lekkende kraan repareren?", "ik wil een reparatie melden", "keuken",
            "mag ik een kat houden?", "ik wil opzeggen", "stop", "heb ik een achterstand?", "asdfgh", "",
            "what are your opening hours?", "dank je wel"]
DOMAIN_PATH = Path(__file__).resolve().parents[2] / "bot" / "domain"
RULE_ONLY = {"slots": ["next_step"], "active_loops": ["verification_form"]}
SETTINGS: List[Dict[str, Any]] = [
    {}, {"omit_unset_slots": True}, {"ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY},
    {"omit_unset_slots": True, "ignore_rule_only_turns": True, "rule_only_data": RULE_ONLY},
]


@pytest.fixture(scope="module")
def agent(trained_model: Path) -> Agent:
    return Agent.load(str(trained_model))


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(DOMAIN_PATH))


def _conversation(agent: Agent) -> List[Any]:
    return play(agent, "past-states", MESSAGES)


def test_the_same_predictions_as_rasa(agent: Agent, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patched:
        patched.setattr(DialogueStateTracker, "past_states", PAST_STATES)
        expected = _conversation(agent)
    monkeypatch.setattr(DialogueStateTracker, "past_states", state_history.states_resumed(PAST_STATES))
    assert _conversation(agent) == expected
    assert {policy for policy, *_ in expected} >= {"RulePolicy"}  # the comparison saw real predictions


def _user(text: str, intent: str) -> UserUttered:
    return UserUttered(text, {"name": intent, "confidence": 0.9})


def conversation_events() -> List[Any]:
    """A verification form with hidden rule turns, an undo, a restart, an action undone and a new session."""
    return [
        ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
        _user("hallo", "greet"), ActionExecuted("action_answer_question"), BotUttered("Hallo!"),
        SlotSet("fallback_suggested", False), ActionExecuted("action_listen"),
        _user("wat is mijn huur", "my_rent"), ActionExecuted("action_personal", hide_rule_turn=True),
        SlotSet("next_step", "verify"), ActionExecuted("verification_form", hide_rule_turn=True),
        ActiveLoop("verification_form"), SlotSet("requested_slot", "verification_contract"),
        ActionExecuted("action_listen", hide_rule_turn=True), _user("HC-100007", "nlu_fallback"),
        ActionExecuted("verification_form", hide_rule_turn=True), SlotSet("verification_contract", "ontvangen"),
        SlotSet("requested_slot", "verification_postcode"), ActionExecuted("action_listen", hide_rule_turn=True),
        _user("1234 AB", "nlu_fallback"), ActionExecuted("verification_form", hide_rule_turn=True),
        ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_verification_result"),
        BotUttered("Dank u."), ActionExecuted("action_listen"), _user("oeps", "deny"), UserUtteranceReverted(),
        _user("mag ik een kat houden", "pets"), ActionExecuted("action_answer_question"), BotUttered("Ja."),
        ActionExecuted("action_listen"), _user("en een hond?", "pets"), ActionExecuted("action_answer_question"),
        ActionReverted(), ActionExecuted("action_listen"), _user("stop", "stop"), Restarted(),
        ActionExecuted("action_session_start"), SessionStarted(), SlotSet("fallback_suggested", True),
        ActionExecuted("action_listen"), _user("hoi", "greet"), ActionExecuted("action_answer_question"),
        BotUttered("Hoi!"), ActionExecuted("action_listen"),
    ]


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_prefix_gives_rasas_states(domain: Domain, settings: Dict[str, Any]) -> None:
    resumed = state_history.states_resumed(PAST_STATES)
    tracker = DialogueStateTracker("prefixes", domain.slots)
    for event in conversation_events():
        tracker.update(event)
        expected = PAST_STATES(tracker, domain, **settings)
        got = resumed(tracker, domain, **settings)
        assert got == expected, (len(tracker.events), event)
        for state in got:  # callers change what they get (the featurizer deletes text or intent)
            for sub_state in state.values():
                sub_state.clear()
        got[-1].clear()
        assert resumed(tracker, domain, **settings) == expected


def test_a_build_continues_from_the_previous_one(domain: Domain, monkeypatch: pytest.MonkeyPatch) -> None:
    """After the first build, each later build on the same conversation replays only the new events."""
    resumed = state_history.states_resumed(PAST_STATES)
    tracker = DialogueStateTracker("continued", domain.slots)
    replayed: List[Any] = []
    update = DialogueStateTracker.update

    def counted(self: DialogueStateTracker, event: Any, *args: Any, **kwargs: Any) -> None:
        if self is not tracker:
            replayed.append(event)
        update(self, event, *args, **kwargs)

    monkeypatch.setattr(DialogueStateTracker, "update", counted)
    start, turns = conversation_events()[:3], conversation_events()[3:8] * 10  # ten questions answered
    for event in start:
        tracker.update(event)
    resumed(tracker, domain)
    del replayed[:]
    for event in turns:
        tracker.update(event)
        expected = PAST_STATES(tracker, domain)
        before = len(replayed)
        assert resumed(tracker, domain) == expected
        assert replayed[before:] == [event]


def test_another_tracker_domain_or_rule_data_starts_over(domain: Domain) -> None:
    resumed = state_history.states_resumed(PAST_STATES)
    tracker = DialogueStateTracker("one", domain.slots)
    for event in conversation_events()[:12]:
        tracker.update(event)
    assert resumed(tracker, domain, ignore_rule_only_turns=True, rule_only_data=RULE_ONLY) \
        == PAST_STATES(tracker, domain, ignore_rule_only_turns=True, rule_only_data=RULE_ONLY)
    other_data = {"slots": [], "active_loops": []}
    assert resumed(tracker, domain, ignore_rule_only_turns=True, rule_only_data=other_data) \
        == PAST_STATES(tracker, domain, ignore_rule_only_turns=True, rule_only_data=other_data)

    # the tracker store keeps a redacted turn as a new tracker: equal events, other objects
    stored = DialogueStateTracker.from_events("one", [*list(tracker.events)[:-4], _user("xx", "bye"),
                                                       *list(tracker.events)[-3:]], domain.slots)
    assert resumed(stored, domain) == PAST_STATES(stored, domain)
    read_back = DialogueStateTracker.from_dict("one", [e.as_dict() for e in tracker.events], domain.slots)
    assert resumed(read_back, domain) == PAST_STATES(read_back, domain)  # every event another object
    other_domain = Domain.load(str(DOMAIN_PATH))
    assert resumed(tracker, other_domain) == PAST_STATES(tracker, other_domain)
    tracker.update(ActionExecuted("action_listen"))
    assert resumed(tracker, domain) == PAST_STATES(tracker, domain)


def test_states_hold_only_values_a_caller_cannot_change_inside(agent: Agent) -> None:
    """The copy handed out copies two levels deep: deeper values must be immutable."""
    tracker = DialogueStateTracker("past-states-values", agent.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("hallo", {"name": "greet", "confidence": 1.0},
                              [{"entity": "object", "value": "kraan", "start": 0, "end": 5}]),
                  SlotSet(next(iter(s.name for s in agent.domain.slots if s.influence_conversation),
                               "requested_slot"), "x")):
        tracker.update(event)
    for state in PAST_STATES(tracker, agent.domain):
        for sub_state in state.values():
            assert isinstance(sub_state, dict)
            for value in sub_state.values():
                assert isinstance(value, (str, int, float, bool, tuple, type(None))), value


@pytest.mark.parametrize("repeated", [False, True])
def test_a_turn_the_tracker_store_masked_continues_with_rasas_states(domain: Domain, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch,
                                                                     repeated: bool) -> None:
    """A letter with a name and an address: the store keeps the turn as stored (a new tracker, the message
    masked); the next builds continue from the previous ones with the masked text and equal Rasa's."""
    from bot.tracker_store import PrivateSQLTrackerStore, one_turn
    from huurwijzer.privacy import mask

    store = PrivateSQLTrackerStore(domain, dialect="sqlite", db=str(tmp_path / "t.db"))
    resumed = state_history.states_resumed(PAST_STATES)
    letters = ["Goedemiddag, mijn naam is Petra Jansen en ik woon op de Berkenlaan 31. Wie repareert de kraan?",
               "Beste mensen, familie de Wit hier, Vlierstraat 4. De dakgoot hangt los, moeten wij dat betalen?",
               "Hallo, ik ben Piet Jansen van de Berkenlaan 33, mag ik een kat houden?"]
    replayed: List[Any] = []
    update = DialogueStateTracker.update

    def counted(self: DialogueStateTracker, event: Any, *args: Any, **kwargs: Any) -> None:
        if self.sender_id == "letters-x":  # the folds' replays (init_copy keeps the sender id)
            replayed.append(event)
        update(self, event, *args, **kwargs)

    tracker = DialogueStateTracker("letters", domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    run = asyncio.run
    run(store.save(tracker))
    tracker = run(store.retrieve("letters"))
    monkeypatch.setattr(DialogueStateTracker, "init_copy", lambda self: DialogueStateTracker(
        "letters-x", self.slots.values(), self._max_event_history, is_rule_tracker=self.is_rule_tracker))
    monkeypatch.setattr(DialogueStateTracker, "update", counted)
    # Repeated: the same letters again, whose masked texts the conversation already holds.
    sent = letters * 3 if repeated else [f"{letter} Vraag {n}." for n in range(3) for letter in letters]
    for index, letter in enumerate(sent):
        with one_turn():
            tracker = run(store.retrieve("letters"))
            for event in (UserUttered(letter, {"name": "repair_responsibility", "confidence": 0.7}),
                          ActionExecuted("action_answer_question"), BotUttered("Dat doen wij."),
                          SlotSet("fallback_suggested", False), ActionExecuted("action_listen")):
                tracker.update(event)
                by_resumed = 0
                for settings in SETTINGS:
                    expected = PAST_STATES(tracker, domain, **settings)
                    before = len(replayed)
                    assert resumed(tracker, domain, **settings) == expected
                    by_resumed += len(replayed) - before
                if index:  # after the first turn: only the new event, for each of the four settings
                    assert by_resumed == len(SETTINGS), (index, event)
            run(store.save(tracker))
        kept = run(store.retrieve("letters"))
        assert kept is not tracker and mask(letter) != letter  # kept as stored: masked
        assert [e.text for e in kept.events if isinstance(e, UserUttered)][-1] == mask(letter)


def test_an_error_in_the_continued_build_falls_back_to_rasas(domain: Domain, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    """A mistake in the shortcut (one raised AttributeError on a conversation read back from the
    database during session 12) must not turn every later message into the apology."""
    resumed = state_history.states_resumed(PAST_STATES)
    tracker = DialogueStateTracker("faulty", domain.slots)
    for event in conversation_events()[:8]:
        tracker.update(event)
    resumed(tracker, domain)

    def broken(*args: Any, **kwargs: Any) -> bool:
        raise AttributeError("'ActionExecuted' object has no attribute 'text'")

    monkeypatch.setattr(state_history, "_resumed", broken)
    tracker.update(conversation_events()[8])
    with caplog.at_level("WARNING", logger="bot.state_history"):
        assert resumed(tracker, domain) == PAST_STATES(tracker, domain)
    assert "AttributeError" in caplog.text and "hoi" not in caplog.text
    monkeypatch.undo()
    tracker.update(conversation_events()[9])
    assert resumed(tracker, domain) == PAST_STATES(tracker, domain)  # a new fold after the error
