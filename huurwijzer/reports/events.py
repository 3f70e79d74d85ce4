"""Rasa's tracker store table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent), declared once as the
staff reports, the dashboard, the retention job and the follow-ups read it. Only the Rasa server
writes it; retention also deletes from it. tests/test_shared_names.py checks it against Rasa's."""

from __future__ import annotations

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text

EVENTS_TABLE = "events"
EVENTS = Table(
    EVENTS_TABLE, MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255)),
    Column("type_name", String(255)),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)

# The rows a turn-by-turn reading needs: the messages, and a form's opening and closing, which tell
# that a message answered the form's question (understood by the form, though no intent fitted it).
TURN_TYPES = ("user", "bot", "active_loop")
FORM_EVENT = "active_loop"
# An action run (its `name`): which action took a message the fallback handed on (reports.unanswered).
ACTION_EVENT = "action"


def opens_form(data: object) -> bool:
    """Whether an `active_loop` row's data opens a form (a name) rather than closing one (none)."""
    return isinstance(data, dict) and bool(data.get("name"))
