"""The inbox's unanswered questions, read from rows of Rasa's events table: what the tenant typed
in answer to a form's question is not a question the assistant failed to understand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List, Optional

from sqlalchemy import create_engine, insert

from huurwijzer.reports.events import EVENTS
from huurwijzer.reports.unanswered import unanswered


def user(text: str, intent: str = "nlu_fallback") -> Dict[str, Any]:
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.3}}}


def answer(topic: str, confidence: float = 0.55) -> Dict[str, Any]:
    return {"event": "bot", "text": None,
            "data": {"custom": {"topic": topic, "confidence": confidence, "knowledge_id": None}}}


def loop(name: Optional[str]) -> Dict[str, Any]:
    return {"event": "active_loop", "name": name}


def action(name: str) -> Dict[str, Any]:
    return {"event": "action", "name": name}


def rows(sender: str, events: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    kinds = {"user": "user", "bot": "bot", "active_loop": "active_loop", "action": "action"}
    return [{"sender_id": sender, "type_name": kinds[e["event"]], "data": json.dumps(e)} for e in events]


def test_answers_to_the_repair_form_are_not_in_the_inbox(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'events.db'}", future=True)
    EVENTS.metadata.create_all(engine)
    events = [user("ik wil een reparatie melden", "start_repair_report"), loop("repair_form"),
              answer("report_repair", 0.97),
              user("de deurbel"), answer("report_repair"),
              user("hij doet het niet meer"), answer("report_repair"),
              user("het kan een paar dagen wachten"), loop(None), answer("report_repair"),
              user("blablabla wat is dit"), answer("chitchat", 0.3)]
    with engine.begin() as conn:
        conn.execute(insert(EVENTS), rows("s1", events))
    with engine.connect() as conn:
        assert [(u.category, u.text) for u in unanswered(conn)] == [("fallback", "blablabla wat is dit")]
    engine.dispose()


def test_a_yes_the_journey_went_on_with_is_not_in_the_inbox(tmp_path: Path) -> None:
    # "ja graag" under the journey's way back: the classifier could not place it, the fallback handed it to
    # the journey (journey_steps.way_on), which showed the next step. It was counted as not understood.
    engine = create_engine(f"sqlite:///{tmp_path / 'events.db'}", future=True)
    EVENTS.metadata.create_all(engine)
    events = [user("ja graag"), action("action_fallback"), action("action_onboarding"),
              answer("onboarding_first_steps", 0.4),
              user("blablabla wat is dit"), action("action_fallback"), answer("chitchat", 0.3)]
    with engine.begin() as conn:
        conn.execute(insert(EVENTS), rows("s2", events))
    with engine.connect() as conn:
        assert [(u.category, u.text) for u in unanswered(conn)] == [("fallback", "blablabla wat is dit")]
    engine.dispose()


def test_a_fallback_answered_from_the_answer_before_is_answered_with_doubt_not_misunderstood(tmp_path: Path) -> None:
    # QA, session 18: "en wie betaalt dat" after a repair answer got that repair's answer ("Ik lees uw vraag
    # als ..."), yet the inbox said the assistant gave choices or referred the tenant on.
    engine = create_engine(f"sqlite:///{tmp_path / 'events.db'}", future=True)
    EVENTS.metadata.create_all(engine)
    read_back = {"event": "bot", "text": None, "data": {"custom": {
        "topic": "repair_responsibility", "confidence": 0.55, "knowledge_id": "repair/kraanleertje"}}}
    events = [user("en wie betaalt dat"), action("action_fallback"), read_back,
              user("blablabla wat is dit"), action("action_fallback"), answer("chitchat", 0.3)]
    with engine.begin() as conn:
        conn.execute(insert(EVENTS), rows("s3", events))
    with engine.connect() as conn:
        assert [(u.category, u.text) for u in unanswered(conn)] == [("low_confidence", "en wie betaalt dat"),
                                                                   ("fallback", "blablabla wat is dit")]
    engine.dispose()
