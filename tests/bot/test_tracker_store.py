"""The private SQL tracker store: what is written, and the conversations it keeps in memory
between turns (used only while they equal what is stored)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any, List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, BotUttered, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.tracker_store import PrivateSQLTrackerStore, one_turn
from huurwijzer.conversation.shared_names import REDACTED

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(str(ROOT / "bot" / "domain"))


def make_store(domain: Domain, db: Path) -> PrivateSQLTrackerStore:
    return PrivateSQLTrackerStore(domain, dialect="sqlite", db=str(db))


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def turn(tracker: DialogueStateTracker, text: str) -> None:
    for event in (UserUttered(text, {"name": "pets", "confidence": 0.9}), ActionExecuted("action_answer_question"),
                  BotUttered("Ja, dat mag."), ActionExecuted("action_listen")):
        tracker.update(event)


def kept_tracker(store: PrivateSQLTrackerStore, sender: str) -> DialogueStateTracker:
    """A conversation past its first turn, as the store keeps it in memory."""
    tracker = new_tracker(store, sender)
    turn(tracker, "mag ik een kat houden")
    run(store.save(tracker))
    tracker = run(store.retrieve(sender))
    turn(tracker, "en een hond?")
    run(store.save(tracker))
    assert run(store.retrieve(sender)) is tracker
    return tracker


def new_tracker(store: PrivateSQLTrackerStore, sender: str) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender, store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    return tracker


def stored_texts(db: Path, sender: str) -> List[str]:
    engine = create_engine(f"sqlite:///{db}", future=True)
    with engine.connect() as conn:
        rows = conn.execute(text("select type_name, data from events where sender_id = :s order by id"),
                            {"s": sender}).all()
    engine.dispose()
    return [r.data for r in rows if r.type_name == "user"]


def stored_rows(db: Path, sender: str) -> int:
    engine = create_engine(f"sqlite:///{db}", future=True)
    with engine.connect() as conn:
        count = conn.execute(text("select count(*) from events where sender_id = :s"), {"s": sender}).scalar_one()
    engine.dispose()
    return int(count)


def test_an_unchanged_conversation_comes_from_memory(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = new_tracker(store, "a")
    turn(tracker, "mag ik een kat houden")
    run(store.save(tracker))
    # The first turn's tracker starts before the session (action_session_start): read from the
    # store once, as Rasa would, then kept.
    second = run(store.retrieve("a"))
    assert second is not tracker
    turn(second, "en een hond?")
    run(store.save(second))
    third = run(store.retrieve("a"))
    assert third is second
    turn(third, "en een vogel?")
    run(store.save(third))
    assert len(stored_texts(tmp_path / "t.db", "a")) == 3
    fresh = run(make_store(domain, tmp_path / "t.db").retrieve("a"))
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in third.events]


def test_another_server_writing_makes_it_read_the_store_again(domain: Domain, tmp_path: Path) -> None:
    first, second = make_store(domain, tmp_path / "t.db"), make_store(domain, tmp_path / "t.db")
    tracker = new_tracker(first, "b")
    turn(tracker, "mag ik een kat houden")
    run(first.save(tracker))
    tracker = run(first.retrieve("b"))
    turn(tracker, "en een hond?")
    run(first.save(tracker))
    assert run(first.retrieve("b")) is tracker
    other = run(second.retrieve("b"))
    turn(other, "en een konijn?")
    run(second.save(other))
    back = run(first.retrieve("b"))
    assert back is not tracker
    assert [e.text for e in back.events if isinstance(e, UserUttered)] == ["mag ik een kat houden", "en een hond?",
                                                                                "en een konijn?"]


def test_a_conversation_changed_without_saving_is_read_again(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = new_tracker(store, "c")
    turn(tracker, "mag ik een kat houden")
    run(store.save(tracker))
    tracker = run(store.retrieve("c"))
    turn(tracker, "en een hond?")
    run(store.save(tracker))
    assert run(store.retrieve("c")) is tracker
    tracker.update(UserUttered("half afgehandeld", {"name": "pets"}))  # the turn failed before saving
    back = run(store.retrieve("c"))
    assert back is not tracker and "half afgehandeld" not in [getattr(e, "text", None) for e in back.events]


def same_as_stored(store: PrivateSQLTrackerStore, db: Path, tracker: DialogueStateTracker) -> None:
    """What another server would read from the database: the same events and the same state."""
    fresh = run(make_store(store.domain, db).retrieve(tracker.sender_id))
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in tracker.events]
    assert fresh.current_state() == tracker.current_state()


def test_redacted_turns_are_kept_as_stored(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "d")
    turn(tracker, "mijn naam is Petra Jansen, mijn nummer is 06-12345678")
    tracker.update(SlotSet("verification_contract", "HC-100007"))
    run(store.save(tracker))
    assert "12345678" not in "".join(stored_texts(tmp_path / "t.db", "d"))
    sent = statements(store)
    back = run(store.retrieve("d"))
    # From memory (one check of the newest stored event id), not read back from the database ...
    assert len(sent) == 1 and "max(events.id)" in sent[0] and "events.data" not in sent[0]
    # ... and as stored: neither the clear text nor the slot's value stays in memory.
    assert back is not tracker
    assert back.get_slot("verification_contract") == REDACTED
    assert back.latest_message.text == "mijn naam is [naam], mijn nummer is [telefoon]"
    assert "12345678" not in str([e.as_dict() for e in back.events]) and "Petra" not in str(back.current_state())
    same_as_stored(store, tmp_path / "t.db", back)
    turn(back, "en een hond?")  # the next turn is saved from memory as well
    run(store.save(back))
    assert run(store.retrieve("d")) is back
    same_as_stored(store, tmp_path / "t.db", back)


def test_a_secret_answer_is_kept_as_stored(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "d2")
    for event in (ActionExecuted("verification_form"), ActiveLoop("verification_form"),
                  SlotSet("requested_slot", "verification_postcode"), ActionExecuted("action_listen"),
                  UserUttered("3811 AB", {"name": "inform", "confidence": 0.9},
                              [{"entity": "postcode", "value": "3811 AB", "start": 0, "end": 7}]),
                  ActionExecuted("verification_form"), SlotSet("verification_postcode", "3811 AB"),
                  ActiveLoop(None), SlotSet("requested_slot", None), ActionExecuted("action_listen")):
        tracker.update(event)
    run(store.save(tracker))
    back = run(store.retrieve("d2"))
    assert back is not tracker and back.latest_message.text == REDACTED and back.latest_message.entities == []
    assert back.get_slot("verification_postcode") == REDACTED
    assert "3811" not in str([e.as_dict() for e in back.events])
    same_as_stored(store, tmp_path / "t.db", back)


def test_a_deleted_conversation_is_gone_from_memory_too(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    kept_tracker(store, "e")
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}", future=True)
    with engine.begin() as conn:
        conn.execute(text("delete from events where sender_id = 'e'"))
    engine.dispose()
    assert run(store.retrieve("e")) is None


def test_a_new_session_is_not_kept(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "f")
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")):
        tracker.update(event)
    turn(tracker, "hallo weer")
    run(store.save(tracker))
    back = run(store.retrieve("f"))
    assert back is not tracker
    assert [e.text for e in back.events if isinstance(e, UserUttered)] == ["hallo weer"]


def statements(store: PrivateSQLTrackerStore) -> List[str]:
    """The SQL the store sends from now on."""
    from sqlalchemy import event

    sent: List[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *args: sent.append(str(args[2]).lower()))
    return sent


def test_saving_the_kept_conversation_does_not_count_its_stored_events(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "g")
    sent = statements(store)
    turn(tracker, "en een vogel?")
    run(store.save(tracker))
    assert sent and all("count(" not in s for s in sent)
    # The four events of the new turn, nothing twice: three in one statement, the newest alone (its id is kept).
    assert sum(s.startswith("insert") for s in sent) == 2
    assert len(stored_texts(tmp_path / "t.db", "g")) == 3 and stored_rows(tmp_path / "t.db", "g") == 3 + 3 * 4
    fresh = run(make_store(domain, tmp_path / "t.db").retrieve("g"))
    assert [e.as_dict() for e in fresh.events] == [e.as_dict() for e in tracker.events]


def test_a_turn_checks_the_kept_conversation_against_the_database_once(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "h")
    sent = statements(store)
    with one_turn():  # the turn holds the conversation's lock: read for a retry check, then to handle it
        assert run(store.retrieve("h")) is tracker
        assert run(store.retrieve("h")) is tracker
    assert len(sent) == 1
    with one_turn():  # the next turn checks again
        assert run(store.retrieve("h")) is tracker
    assert len(sent) == 2
    assert run(store.retrieve("h")) is tracker and run(store.retrieve("h")) is tracker  # outside a turn: each
    assert len(sent) == 4


def test_a_turn_still_sees_its_own_unsaved_changes_as_unsaved(domain: Domain, tmp_path: Path) -> None:
    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "i")
    with one_turn():
        assert run(store.retrieve("i")) is tracker
        tracker.update(UserUttered("half afgehandeld", {"name": "pets"}))  # changed, not saved
        back = run(store.retrieve("i"))
    assert back is not tracker and "half afgehandeld" not in [getattr(e, "text", None) for e in back.events]


def parsed_letter(text: str) -> UserUttered:
    """A message as the NLU hands it over: the word spans of its tokens and the gate's own ranking
    besides the decision."""
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "pets", "confidence": 0.35}]
    parse = {"intent": ranking[0], "entities": [], "text": text, "intent_ranking": ranking,
             "classifier_ranking": [ranking[1]], "classifier_stage": "dense", "language": "nl",
             "text_tokens": [(0, 4), (5, 9)]}
    return UserUttered(text, ranking[0], [], parse_data=parse)  # type: ignore[arg-type]


def test_what_no_one_reads_back_is_not_stored(domain: Domain, tmp_path: Path) -> None:
    from huurwijzer.reports.unanswered import unanswered

    store = make_store(domain, tmp_path / "t.db")
    tracker = kept_tracker(store, "j")
    for event in (parsed_letter("Beste mensen, mag ik een kat en een hond en een vogel houden?"),
                  ActionExecuted("action_answer_question"), BotUttered("Dat hangt ervan af."),
                  BotUttered(None, {"custom": {"topic": "pets", "knowledge_id": None, "confidence": 0.4}}),
                  ActionExecuted("action_listen")):
        tracker.update(event)
    run(store.save(tracker))
    stored = json.loads(stored_texts(tmp_path / "t.db", "j")[-1])["parse_data"]
    assert "text_tokens" not in stored and "classifier_ranking" not in stored
    # What later turns, the actions and staff read is all there.
    assert stored["intent"]["name"] == "nlu_fallback" and stored["language"] == "nl"
    assert [r["name"] for r in stored["intent_ranking"]] == ["nlu_fallback", "pets"]
    assert stored["classifier_stage"] == "dense" and stored["text"].startswith("Beste mensen")
    engine = create_engine(f"sqlite:///{tmp_path / 't.db'}", future=True)
    with engine.connect() as conn:
        assert [(u.category, u.text) for u in unanswered(conn)] == [
            ("fallback", "Beste mensen, mag ik een kat en een hond en een vogel houden?")]
    engine.dispose()
    # Memory holds what the database holds, and nothing was redacted: the same conversation is kept.
    assert run(store.retrieve("j")) is tracker
    same_as_stored(store, tmp_path / "t.db", tracker)
