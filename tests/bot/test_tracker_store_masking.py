"""Issue 17, Medium 4: free text in slots is masked like user messages, postcodes in lower case
too, and the maatwerk answers (money help, care needs) are not in the conversation store at all."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, ActiveLoop, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.tracker_store import PrivateSQLTrackerStore

ROOT = Path(__file__).resolve().parents[2]


def stored_after(events: list, db: Path) -> str:
    store = PrivateSQLTrackerStore(Domain.load(str(ROOT / "bot" / "domain")), dialect="sqlite", db=str(db))
    tracker = DialogueStateTracker("s", store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"), *events):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    engine = create_engine(f"sqlite:///{db}", future=True)
    with engine.connect() as conn:
        rows = conn.execute(text("select data from events")).scalars().all()
    engine.dispose()
    return "\n".join(rows)


def test_free_text_slots_and_lowercase_postcodes_are_masked(tmp_path: Path) -> None:
    comment = "bel mij op 0612345678 of mail jan@example.nl, postcode 3811 ab"
    data = stored_after([
        UserUttered("mijn postcode is 3811ab", {"name": "nlu_fallback", "confidence": 0.3}),
        SlotSet("feedback_comment", comment), SlotSet("repair_description", "lekkage, bel 06-12345678"),
        SlotSet("repair_location", "keuken bij 3811 ab"),
    ], tmp_path / "t.db")
    for secret in ("0612345678", "12345678", "jan@example.nl", "3811 ab", "3811ab"):
        assert secret not in data
    assert "[telefoon]" in data and "[postcode]" in data


def test_maatwerk_answers_are_not_in_the_conversation_store(tmp_path: Path) -> None:
    answer = "ja graag, ik heb schulden bij de energie"
    data = stored_after([
        ActiveLoop("onboarding_form"), SlotSet("requested_slot", "pref_money"),
        UserUttered(answer, {"name": "affirm", "confidence": 0.9}),
        SlotSet("pref_money", answer), SlotSet("pref_money", "ja"),
    ], tmp_path / "t.db")
    assert "schulden" not in data
    assert '"name": "pref_money", "value": "ja"' not in data
