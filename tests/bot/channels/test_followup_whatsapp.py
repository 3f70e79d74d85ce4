"""A follow-up over WhatsApp end to end: the schedule sends a template through the fake Graph API,
the tenant's answer "ja, de kraan lekt" arrives in the conversation of their number and starts the
repair report with the tap filled in (a request, since it was there at the keys), and the
template's "Stop berichten" button ends all follow-ups."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from typing import Any, Dict, Iterator
from urllib.parse import urlencode

import pytest
import requests
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from bot.channels.whatsapp import sender_key
from bot.opvolgen import STOP_PAYLOAD, WhatsAppTemplateSender
from huurwijzer.content.loader import build_content
from huurwijzer.conversation import followups as fu
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import ContractHolder, SqlBackOffice
from tests.bot.channels.test_whatsapp_webhooks import APP_SECRET, FakeGraph, live, send, signed, texts
from tests.conftest import ROOT

__all__ = ["live"]  # the module's running servers (Rasa, actions) beside the fake Graph API
OFFICE = SqlBackOffice()


@pytest.fixture(scope="module")
def tenant(live: Dict[str, Any]) -> Iterator[ContractHolder]:  # noqa: F811
    """A tenant with their own phone number, one week in, WhatsApp chosen, consent given."""
    engine = live["engine"]
    with Session(engine, future=True) as session:
        h = next(x for n in range(1, 80) for x in OFFICE.contract_holders(session, f"HC-{100000 + n * 11:06d}")
                 if x.phone and len(OFFICE.holders_by_phone(session, x.phone)) == 1
                 and OFFICE.subscription(session, x.contract_number) is None)
    from huurwijzer.tenancy.database import ensure_state_tables

    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        session.execute(update(t.contracts).where(t.contracts.c.contract_number == h.contract_number)
                        .values(start_date=date.today() - timedelta(days=7)))
        session.execute(delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == h.tenant_id))
        session.execute(insert(t.contact_preferences).values(tenant_id=h.tenant_id, channel="whatsapp",
                                                             language_help=False, wants_money_help=False))
        fu.give_consent(session, h.tenant_id, h.contract_number, "test", datetime.now() - timedelta(days=7))
    yield h


def test_follow_up_answer_and_stop_over_whatsapp(live: Dict[str, Any], tenant: ContractHolder) -> None:  # noqa: F811
    engine, phone = live["engine"], str(tenant.phone)
    content = build_content(ROOT / "knowledge")
    assert content.followups is not None
    graph_url = live["graph_url"]
    senders = fu.senders_by_channel(fu.OutboxSender(v.OutboxNotifier()),
                                    WhatsAppTemplateSender(graph_url, "555", "token-123"))
    at = datetime.combine(date.today(), datetime.min.time()) + timedelta(hours=10)  # 11:00 in Amsterdam
    before = len(FakeGraph.sent)
    report = fu.run(engine, OFFICE, content.followups, content.profile.variables, senders, at, "Europe/Amsterdam",
                    lambda number: v.conversation_key(sender_key(APP_SECRET, number)))
    assert report.sent == 1
    [template] = [m["json"] for m in FakeGraph.sent[before:]]
    assert template["type"] == "template" and template["to"] == phone.lstrip("+")
    assert template["template"]["name"] == "huurwijzer_week_1"

    send(live, "+31600000999", "hallo", "wamid.fu0")  # a running server has loaded its content already
    # The answer lands in the conversation of that number and goes on into the repair report.
    answer = texts(send(live, phone, "ja, de kraan lekt", "wamid.fu1"))
    assert "repareren wij" in answer and "code" in answer
    with Session(engine, future=True) as session:
        body = session.execute(select(t.outbox_messages.c.body).where(t.outbox_messages.c.recipient == phone)
                               .order_by(t.outbox_messages.c.id.desc())).scalars().first()
    code = re.search(r"\b\d{6}\b", body or "")
    assert code is not None
    asked = texts(send(live, phone, code.group(0), "wamid.fu2"))
    assert "U bent nu ingelogd" in asked and "Waar is het?" in asked  # the object is already known
    send(live, phone, "keuken", "wamid.fu3")
    send(live, phone, "de kraan in de keuken drupt de hele dag", "wamid.fu4")
    done = texts(send(live, phone, "het kan een paar dagen wachten", "wamid.fu5"))
    assert re.search(r"R-\d{4}-\d{6}", done), done
    with Session(engine, future=True) as session:
        objects = session.execute(select(t.repair_requests.c.object_id).join(
            t.contracts, t.contracts.c.id == t.repair_requests.c.contract_id)
            .where(t.contracts.c.contract_number == tenant.contract_number)
            .order_by(t.repair_requests.c.id.desc())).scalars().first()
        answered = session.execute(select(t.followup_deliveries.c.answer).where(
            t.followup_deliveries.c.tenant_id == tenant.tenant_id, t.followup_deliveries.c.moment == "week_1")).scalar()
    assert objects == "kraanleertje" and answered == fu.PROBLEM

    # The template's quick-reply button "Stop berichten" ends all follow-ups.
    message = {"from": phone.lstrip("+"), "id": "wamid.fu6", "timestamp": "1", "type": "button",
               "button": {"payload": STOP_PAYLOAD, "text": "Stop berichten"}}
    body_bytes = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp", "messages": [message]}}]}]}).encode()
    before = len(FakeGraph.sent)
    assert requests.post(f"{live['base']}/whatsapp/webhook", data=body_bytes, headers=signed(body_bytes),
                         timeout=10).status_code == 200
    stopped = wait_for_text(before, phone)
    assert "geen berichten meer" in stopped
    with Session(engine, future=True) as session:
        assert fu.consent(session, tenant.tenant_id).stopped_at is not None  # type: ignore[union-attr]


def _twilio(live: Dict[str, Any], phone: str, text: str, sid: str) -> str:
    from twilio.request_validator import RequestValidator

    from tests.bot.channels.test_whatsapp_webhooks import TWILIO_TOKEN

    url = f"{live['base']}/twilio/webhook"
    params = {"From": f"whatsapp:{phone}", "Body": text, "MessageSid": sid}
    reply = requests.post(url, data=urlencode(params), timeout=30, headers={
        "X-Twilio-Signature": RequestValidator(TWILIO_TOKEN).compute_signature(url, params),
        "Content-Type": "application/x-www-form-urlencoded"})
    return " ".join(re.findall(r"<Message>(.*?)</Message>", reply.text, re.S))


def _rest(live: Dict[str, Any], sender: str, text: str) -> str:
    reply = requests.post(f"{live['base']}/rest/webhook", json={"sender": sender, "message": text}, timeout=30)
    return " ".join(str(m.get("text") or "") for m in reply.json())


@pytest.mark.parametrize("stop", ["STOP", "stoppen"])
def test_a_bare_stop_after_a_fallback_offers_no_person_on_every_channel(live: Dict[str, Any],  # noqa: F811
                                                                         stop: str) -> None:
    """QA, session 20: on WhatsApp people type STOP to end messages; after a fallback it offered a person.
    Nobody's number (no follow-up, not logged in): nothing open to stop, on the Cloud API, Twilio and REST."""
    n = len(stop)
    send(live, f"+3160000088{n}", "qwrtzp vlbmx", f"wamid.stop{n}-1")
    _twilio(live, f"+3160000087{n}", "qwrtzp vlbmx", f"SMstop{n}1")
    _rest(live, f"rest-stop-{n}", "qwrtzp vlbmx")
    said = [texts(send(live, f"+3160000088{n}", stop, f"wamid.stop{n}-2")),
            _twilio(live, f"+3160000087{n}", stop, f"SMstop{n}2"), _rest(live, f"rest-stop-{n}", stop)]
    for one in said:
        assert "niets open om te stoppen" in one and "Medewerker" not in one, said


def wait_for_text(before: int, phone: str) -> str:
    import time

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(0.5)
        mine = [m["json"] for m in FakeGraph.sent[before:] if m["json"]["to"] == phone.lstrip("+")]
        if mine:
            time.sleep(1)
            return texts([m["json"] for m in FakeGraph.sent[before:] if m["json"]["to"] == phone.lstrip("+")])
    return ""
