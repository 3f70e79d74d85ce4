"""The dashboard's "niet begrepen": answers to a form's question (the room of a repair, a contact
preference) have no intent of their own, but the form took them; they are not counted."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any, Dict, List, Optional
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert
from sqlalchemy.orm import Session

from console.dashboard import figures
from huurwijzer.reports.events import EVENTS

ZONE = ZoneInfo("Europe/Amsterdam")
WHEN = datetime(2026, 11, 20, 10, tzinfo=ZONE).timestamp()


def row(number: int, kind: str, intent: Optional[str] = None, loop: Optional[str] = None) -> Dict[str, Any]:
    data: Dict[str, Any] = {"event": kind}
    if kind == "active_loop":
        data["name"] = loop
    return {"id": number, "sender_id": "s", "type_name": kind, "timestamp": WHEN + number, "intent_name": intent,
            "data": json.dumps(data)}


def test_answers_in_a_form_are_not_counted_as_not_understood(tmp_path: Path) -> None:
    tracker = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    EVENTS.metadata.create_all(tracker)
    kinds: List[Dict[str, Any]] = [row(1, "user", "start_repair_report"), row(2, "active_loop", loop="repair_form"),
                                   row(3, "user", "nlu_fallback"), row(4, "user", "nlu_fallback"),
                                   row(5, "active_loop", loop=None), row(6, "user", "nlu_fallback")]
    with tracker.begin() as conn:
        conn.execute(insert(EVENTS), kinds)
    tenancy = create_engine("sqlite://", future=True)
    with tracker.connect() as conn, Session(tenancy, future=True) as session:
        result = figures(conn, session, (), date(2026, 11, 20), date(2026, 11, 20), ZONE)
    assert result.messages == 4 and result.fallback_rate == 0.25  # only the message after the form
    tracker.dispose()
