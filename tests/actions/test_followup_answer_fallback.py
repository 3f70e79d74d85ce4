"""An answer to a follow-up the classifier could not place ("stop messages", "all good", "problem")
reaches the fallback action, which hands it to action_followup_answer while a follow-up is open to
the conversation; without one the fallback answers as before. Through the SDK actions as Rasa calls
them, with the tenant's language stored from the conversation (the Turn's decided language)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions.actions import ActionFallback
from actions.followup_actions import ActionFollowupAnswer
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from tests.huurwijzer.conversation import test_followups as followup_tests
from tests.huurwijzer.conversation.test_followup_flows import answer_of, send_week_1

graph = followup_tests.graph  # the fake Graph API fixture


def tracker(sender: str, text: str) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": "nlu_fallback", "confidence": 0.55},
                              "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.55}], "entities": [],
                              PARSE_KEY: "en"}
    return Tracker(sender, {}, latest, [], False, None, {}, "")


def run(action: Any, trk: Tracker) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, trk, {}))
    return [m for m in dispatcher.messages if m.get("text")], events


def test_all_good_after_a_follow_up_goes_to_the_follow_up_answer(svc: kernel.Services, content: Content,
                                                                  engine: Engine, graph: str) -> None:
    from huurwijzer.tenancy import schema as t
    from tests.huurwijzer.support import emptied

    emptied(engine, t.followup_deliveries, t.followup_consents, t.outbox_messages)
    tenant_id = send_week_1(svc, content, engine, "wa-fallback-ok", graph)
    messages, events = run(ActionFallback(), tracker("wa-fallback-ok", "all good"))
    assert messages == [] and {"event": "followup", "timestamp": None, "name": "action_followup_answer"} in events
    messages, _ = run(ActionFollowupAnswer(), tracker("wa-fallback-ok", "all good"))
    assert messages[0]["text"] == content.translations.english["followup_all_good"].text
    assert answer_of(engine, tenant_id) == "in_orde"
    # without a follow-up to the conversation: the fallback's own answer
    messages, events = run(ActionFallback(), tracker("wa-no-followup", "all good"))
    assert messages and not [e for e in events if e.get("event") == "followup"]
