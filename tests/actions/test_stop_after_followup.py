"""A tenant's "stop" through the SDK actions as Rasa calls them (QA on WhatsApp, session 20).

1. "stop" answers what was shown last: a follow-up sent after the journey's offer in the same Rasa session
   is stopped (it got "Prima, we gaan later verder" and the follow-ups went on); an offer shown after the
   follow-up is still declined by it, and the follow-ups go on.
2. A bare "STOP" with nothing open never offers a person (after a fallback it did): a logged-in tenant's
   follow-ups stop, with the usual confirmation; nobody known gets "nothing open to stop"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from actions.actions import ActionFallback
from actions.followup_actions import ActionFollowupAnswer
from actions.sdk_turn import journey_shown_at
from huurwijzer.content.loader import Content
from huurwijzer.conversation import followup_flows, journey_slots, kernel
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation.turn_outcome import FALLBACK_SLOT
from huurwijzer.tenancy import schema as t
from tests.actions.test_followup_answer_fallback import HANDED_OVER, run
from tests.huurwijzer.conversation import test_followups as followup_tests
from tests.huurwijzer.conversation.test_followup_flows import CONTRACT, answer_of, send_week_1
from tests.huurwijzer.support import NOW, emptied, holder, verify

graph = followup_tests.graph  # the fake Graph API fixture

OFFER_BUTTONS = [{"title": "Ja, graag", "payload": "/start_onboarding"},
                 {"title": "Nee, bedankt", "payload": "/onboarding_stop"}]


def _stamp(when: datetime) -> float:
    return when.replace(tzinfo=timezone.utc).timestamp()


def tracker(sender: str, text: str, slots: Dict[str, Any], offer_at: datetime | None = None,
            intent: str = "deny") -> Tracker:
    """The tenant's `text` (read by the classifier as `intent`, as it reads "stop"), after the journey's offer
    shown at `offer_at` (none when None)."""
    events: List[Dict[str, Any]] = []
    if offer_at is not None:
        events = [{"event": "bot", "timestamp": _stamp(offer_at), "text": "Welkom als nieuwe huurder!",
                   "data": {"buttons": OFFER_BUTTONS}}]
    events.append({"event": "user", "timestamp": _stamp(NOW + timedelta(minutes=2)), "text": text})
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.94},
                              "intent_ranking": [{"name": intent, "confidence": 0.94}], "entities": []}
    return Tracker(sender, slots, latest, events, False, None, {}, "")


def texts(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(str(m["text"]) for m in messages)


def consent_active(engine: Engine, tenant_id: int) -> bool:
    with Session(engine, future=True) as session:
        consent = fu.consent(session, tenant_id)
    return consent is not None and consent.active


@pytest.fixture()
def clean(engine: Engine) -> Engine:
    emptied(engine, t.followup_deliveries, t.followup_consents, t.outbox_messages)
    return engine


OFFERED = {journey_slots.OFFERED: True}


@pytest.mark.parametrize("text", ["stop", "STOP", "stoppen", "Stop."])
def test_stop_after_a_follow_up_that_came_after_the_journeys_offer_stops_the_follow_ups(
        svc: kernel.Services, content: Content, clean: Engine, graph: str, text: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-offer-then-fu", graph)  # sent at NOW
    asked = tracker("wa-offer-then-fu", text, OFFERED, offer_at=NOW - timedelta(minutes=10))
    messages, events = run(ActionFallback(), asked)
    assert messages == [] and HANDED_OVER in events  # was "Prima, we gaan later verder"
    messages, _ = run(ActionFollowupAnswer(), asked)
    assert "geen berichten meer" in texts(messages)
    assert answer_of(clean, tenant_id) == fu.STOPPED and not consent_active(clean, tenant_id)


def test_stop_after_an_offer_shown_after_the_follow_up_declines_the_offer(
        svc: kernel.Services, content: Content, clean: Engine, graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-fu-then-offer", graph)
    messages, events = run(ActionFallback(), tracker("wa-fu-then-offer", "stop", OFFERED,
                                                     offer_at=NOW + timedelta(minutes=1)))
    assert "later verder" in texts(messages) and HANDED_OVER not in events
    assert {"event": "slot", "timestamp": None, "name": journey_slots.DECLINED, "value": True} in events
    assert answer_of(clean, tenant_id) is None and consent_active(clean, tenant_id)


@pytest.mark.parametrize("text", ["STOP", "stop", "stoppen", "unsubscribe"])
def test_a_bare_stop_after_a_fallback_offers_no_person(svc: kernel.Services, content: Content, clean: Engine,
                                                       text: str) -> None:
    after_fallback = {FALLBACK_SLOT: True}
    messages, events = run(ActionFallback(), tracker("web-stop-nobody", text, after_fallback))
    assert messages == [] and HANDED_OVER in events  # was the way to a person ("fallback_human")
    messages, _ = run(ActionFollowupAnswer(), tracker("web-stop-nobody", text, after_fallback))
    said = texts(messages)
    assert "Medewerker" not in said and "088" not in said
    if text == "unsubscribe":  # asks for the messages to stop: who is it?
        assert "Log in" in said
    else:
        assert "niets open om te stoppen" in said and '"stop berichten"' in said


def test_a_bare_stop_from_a_logged_in_tenant_with_consent_stops_the_follow_ups(
        svc: kernel.Services, content: Content, clean: Engine) -> None:
    h = holder(clean, CONTRACT)
    verify(svc, content, "web-stop-known", h)
    with Session(clean, future=True) as session, session.begin():
        fu.give_consent(session, h.tenant_id, CONTRACT, "test", NOW - timedelta(days=3))
    after_fallback = {FALLBACK_SLOT: True}
    messages, events = run(ActionFallback(), tracker("web-stop-known", "STOP", after_fallback))
    assert messages == [] and HANDED_OVER in events
    messages, _ = run(ActionFollowupAnswer(), tracker("web-stop-known", "STOP", after_fallback))
    assert "geen berichten meer" in texts(messages) and not consent_active(clean, h.tenant_id)
    messages, _ = run(ActionFollowupAnswer(), tracker("web-stop-known", "STOP", {}))
    assert "niets te stoppen" in texts(messages)  # said again: nothing left to stop


def test_journey_shown_at_is_the_last_message_with_a_journey_button() -> None:
    at = NOW - timedelta(minutes=5)
    events: List[Dict[str, Any]] = [
        {"event": "bot", "timestamp": _stamp(at - timedelta(minutes=9)), "data": {"buttons": OFFER_BUTTONS}},
        {"event": "bot", "timestamp": _stamp(at), "data": {"buttons": [{"payload": "/onboarding_next"}]}},
        {"event": "bot", "timestamp": _stamp(NOW), "data": {"buttons": [{"payload": "/my_rent"}]}},
    ]
    assert journey_shown_at(events) == at
    assert journey_shown_at(events[2:]) is None and journey_shown_at([]) is None


# How the trained classifier reads each (checked on models/huurwijzer.tar.gz, session 20): "stop berichten" goes
# to action_followup_answer by its rule, the others reach the fallback.
READINGS = {"stoppen": "deny", "STOP": "deny", "stop berichten": "followup_stop",
            "geen berichten meer": "followup_stop", "unsubscribe": "nlu_fallback"}


def _through_the_actions(asked: Tracker) -> str:
    if asked.latest_message["intent"]["name"] != "followup_stop":
        messages, events = run(ActionFallback(), asked)
        assert messages == [] and HANDED_OVER in events
    messages, _ = run(ActionFollowupAnswer(), asked)
    return texts(messages)


@pytest.mark.parametrize("text", list(READINGS))
def test_every_way_of_saying_stop_ends_the_follow_ups_alike(svc: kernel.Services, content: Content, clean: Engine,
                                                            graph: str, text: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-stop-words", graph)
    asked = tracker("wa-stop-words", text, OFFERED, offer_at=NOW - timedelta(minutes=10), intent=READINGS[text])
    assert "geen berichten meer" in _through_the_actions(asked) and not consent_active(clean, tenant_id)
    emptied(clean, t.followup_deliveries, t.followup_consents)
    h = holder(clean, CONTRACT)
    sender = f"web-stop-{text}"
    verify(svc, content, sender, h)
    with Session(clean, future=True) as session, session.begin():
        fu.give_consent(session, h.tenant_id, CONTRACT, "test", NOW - timedelta(days=3))
    after_fallback = tracker(sender, text, {FALLBACK_SLOT: True}, intent=READINGS[text])
    assert "geen berichten meer" in _through_the_actions(after_fallback) and not consent_active(clean, h.tenant_id)


@pytest.mark.parametrize("buttons", [[{"title": "Ja, verder", "payload": "/start_onboarding"},
                                      {"title": "Nee", "payload": "/deny"}]])
def test_a_stop_to_a_yes_or_no_question_is_a_no_and_stops_no_follow_ups(
        svc: kernel.Services, content: Content, clean: Engine, buttons: List[Dict[str, Any]]) -> None:
    """"Wilt u verder met de kennismaking?" (journey not open), then "stop": the no it was. (The consent question:
    test_a_typed_no_or_stop_to_the_consent_question_declines_it.)"""
    h = holder(clean, CONTRACT)
    sender = f"web-stop-no-{buttons[0]['payload'][1:]}"
    verify(svc, content, sender, h)
    with Session(clean, future=True) as session, session.begin():
        fu.give_consent(session, h.tenant_id, CONTRACT, "test", NOW - timedelta(days=3))
    asked = tracker(sender, "stop", {})
    asked.events.insert(0, {"event": "bot", "timestamp": _stamp(NOW), "data": {"buttons": buttons}})
    messages, events = run(ActionFallback(), asked)
    assert HANDED_OVER not in events and "Oké" in texts(messages) and consent_active(clean, h.tenant_id)


CONSENT_BUTTONS = [{"title": "Ja, graag", "payload": "/followup_consent"},
                   {"title": "Nee, liever niet", "payload": "/followup_decline"}]


@pytest.mark.parametrize("text", ["stop", "nee", "Nee.", "stoppen"])
def test_a_typed_no_or_stop_to_the_consent_question_declines_it(svc: kernel.Services, content: Content,
                                                                clean: Engine, text: str) -> None:
    """QA, session 20: "stop" (and a typed "nee") to "Mogen wij u berichten sturen?" got "Oké" and the question
    stayed open (`followup_asked`), so a later "ja" gave consent. Now it is the "Nee, liever niet" button."""
    h = holder(clean, CONTRACT)
    sender = f"web-consent-no-{text}"
    verify(svc, content, sender, h)
    asked = tracker(sender, text, {followup_flows.ASKED: True})
    asked.events.insert(0, {"event": "bot", "timestamp": _stamp(NOW), "data": {"buttons": CONSENT_BUTTONS}})
    messages, events = run(ActionFallback(), asked)
    assert "Prima, dan sturen we u geen berichten" in texts(messages) and HANDED_OVER not in events
    assert {"event": "slot", "timestamp": None, "name": followup_flows.ASKED, "value": False} in events
    assert not consent_active(clean, h.tenant_id)
