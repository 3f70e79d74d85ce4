"""An answer to a follow-up the classifier could not place ("stop messages", "all good", "problem")
reaches the fallback action, which hands it to action_followup_answer while a follow-up is open to
the conversation; without one the fallback answers as before. One the classifier put confidently
under another intent (thanks, a service topic, the wrong follow-up answer) reaches it too. Through the
SDK actions as Rasa calls them, with the tenant's language stored from the conversation (the Turn's
decided language)."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Tuple

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine

from actions.actions import ActionAnswerQuestion, ActionFallback, ActionReply
from actions.followup_actions import ActionFollowupAnswer
from huurwijzer.content.language import PARSE_KEY
from huurwijzer.content.loader import Content
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation import kernel
from tests.huurwijzer.conversation import test_followups as followup_tests
from tests.huurwijzer.conversation.test_followup_flows import answer_of, send_week_1

graph = followup_tests.graph  # the fake Graph API fixture


def tracker(sender: str, text: str, intent: str = "nlu_fallback", confidence: float = 0.55) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": confidence},
                              "intent_ranking": [{"name": intent, "confidence": confidence}], "entities": [],
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


HANDED_OVER = {"event": "followup", "timestamp": None, "name": "action_followup_answer"}


@pytest.mark.parametrize(("action", "text", "intent", "answer"), [
    (ActionReply, "everything is great thank you", "thank", fu.ALL_GOOD),
    (ActionReply, "all good thanks", "smalltalk", fu.ALL_GOOD),
    (ActionAnswerQuestion, "stop messages please", "contact_hours", fu.STOPPED),
    (ActionAnswerQuestion, "there is a problem", "complaint", fu.PROBLEM),
])
def test_an_answer_the_classifier_put_confidently_elsewhere_goes_to_the_follow_up_answer(
        svc: kernel.Services, content: Content, engine: Engine, graph: str, action: Any, text: str, intent: str,
        answer: str) -> None:
    from huurwijzer.tenancy import schema as t
    from tests.huurwijzer.support import emptied

    emptied(engine, t.followup_deliveries, t.followup_consents, t.outbox_messages)
    tenant_id = send_week_1(svc, content, engine, "wa-confident", graph)
    messages, events = run(action(), tracker("wa-confident", text, intent, 0.95))
    assert messages == [] and HANDED_OVER in events
    run(ActionFollowupAnswer(), tracker("wa-confident", text, intent, 0.95))
    assert answer_of(engine, tenant_id) == answer
    # without a follow-up to the conversation: the action's own answer
    messages, events = run(action(), tracker("wa-no-followup", text, intent, 0.95))
    assert messages and HANDED_OVER not in events


def test_the_words_decide_over_the_wrong_follow_up_answer(svc: kernel.Services, content: Content, engine: Engine,
                                                          graph: str) -> None:
    from huurwijzer.tenancy import schema as t
    from tests.huurwijzer.support import emptied

    emptied(engine, t.followup_deliveries, t.followup_consents, t.outbox_messages)
    tenant_id = send_week_1(svc, content, engine, "wa-wrong-answer", graph)
    run(ActionFollowupAnswer(), tracker("wa-wrong-answer", "there is a problem", "followup_home_ok", 0.59))
    assert answer_of(engine, tenant_id) == fu.PROBLEM
