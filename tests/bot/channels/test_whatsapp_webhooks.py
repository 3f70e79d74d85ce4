"""The WhatsApp channels over real HTTP: Meta's handshake, signatures (mandatory), one reply per
message id, buttons and lists within WhatsApp's limits, the one-time code login, hashed
conversation keys, and Twilio's signature. The Graph API is a fake on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import sqlite3
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import urlencode

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.servers import free_port, running_servers
from huurwijzer.content.dutch_format import format_money
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import SqlBackOffice
from tests.fake_http import fake_api
from tests.seeded_tenancy import seeded_tenancy

APP_SECRET, VERIFY_TOKEN, TWILIO_TOKEN = "app-secret-for-tests", "verify-me", "twilio-token-for-tests"


class FakeGraph(BaseHTTPRequestHandler):
    sent: List[Dict[str, Any]] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        FakeGraph.sent.append({"path": self.path, "auth": self.headers.get("Authorization"),
                               "json": json.loads(body)})
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"messages": [{"id": "wamid.fake"}]}')

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def live(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("whatsapp")
    port = free_port()
    base = f"http://127.0.0.1:{port}/webhooks"
    with fake_api(FakeGraph) as graph, seeded_tenancy(folder) as db:
        env = {**db.env, "WHATSAPP_APP_SECRET": APP_SECRET, "WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
               "WHATSAPP_ACCESS_TOKEN": "token-123", "WHATSAPP_PHONE_NUMBER_ID": "555",
               "WHATSAPP_API_URL": f"{graph}/v19.0",
               "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_WEBHOOK_URL": f"{base}/twilio/webhook"}
        with running_servers(trained_model, folder, env=env, rasa_port=port):
            yield {"base": base, "engine": db.engine, "tracker_db": folder / "tracker.db",
                   "graph_url": env["WHATSAPP_API_URL"]}


def signed(body: bytes, secret: str = APP_SECRET) -> Dict[str, str]:
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def webhook_body(phone: str, text: str, message_id: str, kind: Optional[Dict[str, Any]] = None) -> bytes:
    """One message: text, or `kind` ({"type": "image", "image": {...}}) for another kind."""
    message = {"from": phone.lstrip("+"), "id": message_id, "timestamp": "1",
               **(kind or {"type": "text", "text": {"body": text}})}
    return json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [
        {"field": "messages", "value": {"messaging_product": "whatsapp", "messages": [message]}}]}]}).encode()


def send(live: Dict[str, Any], phone: str, text: str, message_id: str,
         kind: Optional[Dict[str, Any]] = None) -> List[Dict[str, Any]]:
    """Posts one signed message and returns what the bot sent to that phone in reply."""
    before = len(FakeGraph.sent)
    body = webhook_body(phone, text, message_id, kind)
    started = time.monotonic()
    reply = requests.post(f"{live['base']}/whatsapp/webhook", data=body, headers=signed(body), timeout=10)
    assert reply.status_code == 200 and time.monotonic() - started < 2  # acknowledged at once
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(0.3)
        new = FakeGraph.sent[before:]
        if new and time.monotonic() - started > 1.5:  # all parts of the answer have arrived
            break
    return [m["json"] for m in FakeGraph.sent[before:] if m["json"]["to"] == phone.lstrip("+")]


def texts(messages: List[Dict[str, Any]]) -> str:
    parts = []
    for m in messages:
        parts.append(m.get("text", {}).get("body", "") if m["type"] == "text" else m["interactive"]["body"]["text"])
    return "\n".join(parts)


def test_handshake_needs_the_verify_token(live: Dict[str, Any]) -> None:
    ok = requests.get(f"{live['base']}/whatsapp/webhook", timeout=10,
                      params={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "4711"})
    assert ok.status_code == 200 and ok.text == "4711"
    wrong = requests.get(f"{live['base']}/whatsapp/webhook", timeout=10,
                         params={"hub.mode": "subscribe", "hub.verify_token": "guess", "hub.challenge": "4711"})
    assert wrong.status_code == 403


def test_unsigned_or_wrongly_signed_posts_are_refused(live: Dict[str, Any]) -> None:
    before = len(FakeGraph.sent)
    body = webhook_body("+31600000001", "hallo", "wamid.unsigned")
    url = f"{live['base']}/whatsapp/webhook"
    assert requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10).status_code == 403
    assert requests.post(url, data=body, headers=signed(body, "wrong-secret"), timeout=10).status_code == 403
    assert requests.post(url, data=body + b" ", headers=signed(body), timeout=10).status_code == 403
    time.sleep(1)
    assert len(FakeGraph.sent) == before


def test_greeting_arrives_with_a_list_and_no_metadata(live: Dict[str, Any]) -> None:
    sent = send(live, "+31600000002", "hallo", "wamid.hello")
    assert sent and all(m["messaging_product"] == "whatsapp" for m in sent)
    assert "Woongoed Eemdal" in texts(sent)
    interactive = [m["interactive"] for m in sent if m["type"] == "interactive"]
    assert interactive and interactive[-1]["type"] == "list"  # four choices: a list
    rows = interactive[-1]["action"]["sections"][0]["rows"]
    assert len(rows) == 4 and all(len(r["title"]) <= 24 for r in rows)
    assert not any("topic" in json.dumps(m) for m in sent)  # the metadata message stays home
    assert FakeGraph.sent[-1]["auth"] == "Bearer token-123" and FakeGraph.sent[-1]["path"] == "/v19.0/555/messages"


def test_a_retried_message_is_answered_once(live: Dict[str, Any]) -> None:
    first = send(live, "+31600000003", "wie moet een lekkende kraan repareren?", "wamid.retry")
    again = send(live, "+31600000003", "wie moet een lekkende kraan repareren?", "wamid.retry")
    assert first and again == []


def test_whatsapp_login_with_a_one_time_code(live: Dict[str, Any]) -> None:
    office = SqlBackOffice()
    with Session(live["engine"], future=True) as session:
        h = next(x for n in range(1, 80) for x in office.contract_holders(session, f"HC-{100000 + n * 7:06d}")
                 if x.phone and len(office.holders_by_phone(session, x.phone)) == 1)
        contract = office.contract(session, h.contract_number)
    assert h.phone and contract
    asked = texts(send(live, h.phone, "wat is mijn huur?", "wamid.otp1"))
    assert "code" in asked and "€" not in asked
    with Session(live["engine"], future=True) as session:
        body = session.execute(select(t.outbox_messages.c.body).where(t.outbox_messages.c.recipient == h.phone)
                               .order_by(t.outbox_messages.c.id.desc())).scalars().first()
    code = re.search(r"\b\d{6}\b", body or "")
    assert code is not None
    answer = texts(send(live, h.phone, code.group(0), "wamid.otp2"))
    assert "U bent nu ingelogd" in answer and format_money(contract.total_rent) in answer
    with sqlite3.connect(live["tracker_db"]) as conn:
        senders = {row[0] for row in conn.execute("select distinct sender_id from events")}
        stored = "\n".join(row[0] for row in conn.execute("select data from events"))
    digits = h.phone.lstrip("+")
    assert all(digits not in s for s in senders) and any(s.startswith("wa-") for s in senders)
    assert digits not in stored and code.group(0) not in stored


def test_twilio_needs_its_signature(live: Dict[str, Any]) -> None:
    from twilio.request_validator import RequestValidator

    url = f"{live['base']}/twilio/webhook"
    params = {"From": "whatsapp:+31600000004", "Body": "hallo", "MessageSid": "SM1"}
    unsigned = requests.post(url, data=params, timeout=10)
    assert unsigned.status_code == 403
    forged = requests.post(url, data=params, headers={"X-Twilio-Signature": "bm90LXZhbGlk"}, timeout=10)
    assert forged.status_code == 403
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    reply = requests.post(url, data=urlencode(params), timeout=30, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 200 and reply.headers["Content-Type"].startswith("text/xml")
    assert "<Message>" in reply.text and "Woongoed Eemdal" in reply.text and "1. " in reply.text


def test_a_twilio_post_without_message_sid_is_refused(live: Dict[str, Any]) -> None:
    # Issue 17 (low): a signed post without MessageSid could be replayed as often as one liked.
    from twilio.request_validator import RequestValidator

    url = f"{live['base']}/twilio/webhook"
    params = {"From": "whatsapp:+31600000011", "Body": "hallo"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    for _ in range(2):
        reply = requests.post(url, data=urlencode(params), timeout=30, headers={
            "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
        assert reply.status_code == 400 and "<Message>" not in reply.text


def test_a_number_typed_after_reply_buttons_chooses_that_button(live: Dict[str, Any]) -> None:
    """QA, session 13: "1" after WhatsApp reply buttons was not understood (Twilio's numbered list
    was); a number chooses the button in that place, a list row too."""
    phone = "+31600000021"
    first = send(live, phone, "ik ben nieuwe huurder", "wamid.choice-1")
    buttons = [m["interactive"] for m in first if m["type"] == "interactive"]
    assert "Stap 1 van 7" in texts(first) and buttons and buttons[-1]["type"] == "button"
    assert buttons[-1]["action"]["buttons"][0]["reply"]["id"] == "/onboarding_next"
    assert "Stap 2 van 7" in texts(send(live, phone, "1", "wamid.choice-2"))


def test_a_number_typed_after_a_list_chooses_that_row(live: Dict[str, Any]) -> None:
    phone = "+31600000022"
    greeting = [m["interactive"] for m in send(live, phone, "hallo", "wamid.row-1") if m["type"] == "interactive"]
    assert greeting and greeting[-1]["type"] == "list"
    first_row = greeting[-1]["action"]["sections"][0]["rows"][0]
    assert first_row["id"] == "/repair_responsibility"
    by_number = texts(send(live, phone, "1", "wamid.row-2"))
    by_tap = texts(send(live, "+31600000023", "/repair_responsibility", "wamid.row-3"))
    assert by_number == by_tap


def test_twilio_replies_say_their_charset(live: Dict[str, Any]) -> None:
    """QA, session 13: TwiML went out as `text/xml` without a charset; its text has "€" and "é"."""
    from twilio.request_validator import RequestValidator

    url = f"{live['base']}/twilio/webhook"
    params = {"From": "whatsapp:+31600000024", "Body": "wat kost een reparatie van de cv-ketel?", "MessageSid": "SM24"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    reply = requests.post(url, data=urlencode(params), timeout=30, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    assert reply.status_code == 200 and reply.headers["Content-Type"] == "text/xml; charset=utf-8"
    assert reply.encoding == "utf-8" and "<Message>" in reply.text


def test_a_twilio_answer_with_its_links_is_one_message(live: Dict[str, Any]) -> None:
    """QA, session 19: the answer, "Meer informatie:" and the links went out as three <Message>s (Rasa's collector
    cut the text at its blank lines); Twilio does not promise their order. One message, as on the Cloud API."""
    from twilio.request_validator import RequestValidator

    url = f"{live['base']}/twilio/webhook"
    params = {"From": "whatsapp:+31600000025", "Body": "/repair_responsibility", "MessageSid": "SM25"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    reply = requests.post(url, data=urlencode(params), timeout=30, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    bodies = re.findall(r"<Message>(.*?)</Message>", reply.text, re.S)
    assert len(bodies) == 1 and "Meer informatie:" in bodies[0] and "https://" in bodies[0], reply.text


def test_a_photo_or_voice_message_is_not_called_empty(live: Dict[str, Any]) -> None:
    """QA, session 20: a photo or voice message of a leak got "Uw bericht was leeg", and the text under
    a photo was dropped. Now the text under a photo is the message; without one the tenant hears that
    we cannot see or hear it and what to do, on the Cloud API and on Twilio."""
    voice = {"type": "audio", "audio": {"id": "media-1", "mime_type": "audio/ogg; codecs=opus", "voice": True}}
    heard = texts(send(live, "+31600000031", "", "wamid.media-1", voice))
    assert "spraakberichten" in heard and "leeg" not in heard, heard
    question = "wie moet een lekkende kraan repareren?"
    photo = {"type": "image", "image": {"id": "media-2", "mime_type": "image/jpeg", "caption": question}}
    seen = texts(send(live, "+31600000032", "", "wamid.media-2", photo))
    assert seen == texts(send(live, "+31600000033", question, "wamid.media-3")), seen


def test_a_twilio_photo_without_text_is_answered(live: Dict[str, Any]) -> None:
    """QA, session 20: Twilio signs a photo's empty "Body=" too; the channel read the form without
    empty fields, so the signature did not match and the tenant got nothing (403)."""
    from twilio.request_validator import RequestValidator

    url = f"{live['base']}/twilio/webhook"
    params = {"From": "whatsapp:+31600000034", "Body": "", "MessageSid": "SM34", "NumMedia": "1",
              "MediaContentType0": "image/jpeg"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, params)
    reply = requests.post(url, data=urlencode(params), timeout=30, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"})
    assert "spraakberichten" in reply.text and "leeg" not in reply.text, reply.text
