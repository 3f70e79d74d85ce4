"""A personal reply is stored with its buttons' payloads (QA, session 16: the journey's home step, which shows
the tenant's rent, was stored without its buttons, so a "ja" after it did not find "Verder" among the
offered buttons and the same step came again). Its words and the buttons' titles stay hidden."""

from __future__ import annotations

import asyncio
from pathlib import Path

from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.engine import Engine

from actions.sdk_turn import offered_payloads
from bot.tracker_store import PrivateSQLTrackerStore
from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, journey_steps
from huurwijzer.conversation.journey_steps import NEXT_PAYLOAD
from huurwijzer.conversation.shared_names import PERSONAL_PLACEHOLDER
from tests.actions.test_personal_marking import bot_events
from tests.huurwijzer.support import holder, services, turn, verify

ROOT = Path(__file__).resolve().parents[2]


def test_a_yes_after_the_stored_home_step_goes_on(engine: Engine, content: Content, tmp_path: Path) -> None:
    svc = services(engine)
    for _ in range(3):  # to the home step, which shows the tenant's own home and rent
        journey_steps.journey_step(svc, content, turn("stored-home", "onboarding_next",
                                                     slots={journey_slots.ACTIVE: True}))
    h = holder(engine, "HC-100070")
    verify(svc, content, "stored-home", h, pending="verify_identity")
    step = journey_steps.journey_step(svc, content, turn("stored-home", "start_onboarding"))
    assert step.reply is not None and step.reply.personal and NEXT_PAYLOAD in [b.payload for b in step.reply.buttons]
    store = PrivateSQLTrackerStore(Domain.load(str(ROOT / "bot" / "domain")), dialect="sqlite",
                                   db=str(tmp_path / "t.db"))
    tracker = DialogueStateTracker("stored-home", store.domain.slots)
    for event in (ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
                  UserUttered("ik ben nieuwe huurder", {"name": "start_onboarding", "confidence": 0.9}),
                  ActionExecuted("action_onboarding"), *bot_events(step), ActionExecuted("action_listen")):
        tracker.update(event)
    asyncio.run(store.save(tracker))
    again = asyncio.run(store.retrieve("stored-home"))
    assert again is not None
    again.update(UserUttered("ja", {"name": "followup_home_problem", "confidence": 0.9}))
    events = [e.as_dict() for e in again.events]
    offered = offered_payloads(events)
    assert NEXT_PAYLOAD in offered  # was (): the stored message had no buttons
    stored_bot = [e for e in events if e.get("event") == "bot" and e.get("text") == PERSONAL_PLACEHOLDER]
    titles = {b["title"] for e in stored_bot for b in e["data"]["buttons"]}
    assert titles == {PERSONAL_PLACEHOLDER}
    yes = turn("stored-home", "followup_home_problem", "ja", offered=offered, slots={journey_slots.ACTIVE: True})
    assert journey_steps._yes_to_done(yes)  # "ja" is "Verder": the next step, not the same one again
