"""Over HTTP: a channel that sends a personal question again with the same message id (it lost the
answer) gets no placeholder but a clear request to ask again; asked again, the tenant gets their
own data; the store keeps no personal text."""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any, Dict, List

import requests
from sqlalchemy.orm import Session

from huurwijzer.content.dutch_format import format_money
from huurwijzer.conversation.shared_names import PERSONAL_PLACEHOLDER
from tests.test_personal_rest import OFFICE, holder, live, log_in  # noqa: F401 - the live fixture


def say_with_id(live: Dict[str, Any], sender: str, message: str, message_id: str) -> str:  # noqa: F811
    response = requests.post(live["url"], json={"sender": sender, "message": message, "message_id": message_id},
                             timeout=30)
    assert response.status_code == 200, response.text
    messages: List[Dict[str, Any]] = response.json()
    return "\n".join(m.get("text", "") for m in messages)


def test_a_retried_personal_question_asks_the_tenant_to_ask_again(live: Dict[str, Any]) -> None:  # noqa: F811
    h = holder(live, "HC-100063")
    assert "U bent nu ingelogd" in log_in(live, "retry-63", h)
    with Session(live["engine"], future=True) as session:
        rent = format_money(OFFICE.contract(session, "HC-100063").total_rent)  # type: ignore[union-attr]
    message_id = uuid.uuid4().hex
    first = say_with_id(live, "retry-63", "wat is mijn huur", message_id)
    again = say_with_id(live, "retry-63", "wat is mijn huur", message_id)
    assert rent in first
    assert PERSONAL_PLACEHOLDER not in again and rent not in again
    assert "Stel uw vraag gerust opnieuw" in again
    assert rent in say_with_id(live, "retry-63", "wat is mijn huur", uuid.uuid4().hex)
    with sqlite3.connect(live["tracker_db"]) as db:
        stored = "\n".join(row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = 'retry-63'"))
    assert rent not in stored and "Stel uw vraag gerust opnieuw" not in stored  # a replay stores nothing
