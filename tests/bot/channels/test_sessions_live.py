"""Issue 17, Medium 3 and 9, against the live Rasa server: a web-chat session id alone gives no
access to that conversation (not over Socket.IO, not over REST), the REST channel asks its key,
and requests, metadata and new conversations per address are limited."""

from __future__ import annotations

import json
import queue
import sqlite3
import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest
import requests
import socketio

from bot.servers import running_servers

REST_KEY = "rest-key-for-the-live-test-0123456789"
AUTH = {"Authorization": f"Bearer {REST_KEY}"}
PER_MINUTE = 5


@pytest.fixture(scope="module")
def servers(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("sessions")
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{folder / 'tenancy.db'}", "HUURWIJZER_REST_KEY": REST_KEY,
           "HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE": str(PER_MINUTE),
           # as behind the reverse proxy of docs/deploy.md: the client's address from X-Forwarded-For
           "SANIC_PROXIES_COUNT": "1"}
    with running_servers(trained_model, folder, env=env) as running:
        yield {"rest": running.rest_url, "base": running.rest_url.replace("/webhooks/rest/webhook", ""),
               "tracker_db": folder / "tracker.db"}


class Chat:
    """A client speaking the widget's protocol; `address` is the client address a proxy reports."""

    def __init__(self, base: str, session_id: Optional[str] = None, session_key: Optional[str] = None,
                 address: str = "198.51.100.1", expect_session: bool = True) -> None:
        self.received: queue.Queue[Dict[str, Any]] = queue.Queue()
        self.confirmed: queue.Queue[str] = queue.Queue()
        self.keys: queue.Queue[str] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("bot_uttered", self.received.put)
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("session_key", self.keys.put)
        self.sio.connect(base, socketio_path="/webchat/socket.io", transports=["polling"], wait_timeout=10,
                         headers={"X-Forwarded-For": address})
        self.sio.emit("session_request", {"session_id": session_id, "session_key": session_key})
        self.session_id: Optional[str] = self.confirmed.get(timeout=10) if expect_session else None
        try:
            self.session_key: Optional[str] = self.keys.get(timeout=2) if expect_session else None
        except queue.Empty:
            self.session_key = None

    def say(self, text: str, session_id: Optional[str] = None) -> None:
        self.sio.emit("user_uttered", {"session_id": session_id or self.session_id, "message": text})

    def turn(self, timeout: float = 30) -> List[Dict[str, Any]]:
        messages = []
        while True:
            message = self.received.get(timeout=timeout)
            messages.append(message)
            if "custom" in message or "status" in message:
                return messages

    def close(self) -> None:
        self.sio.eio.disconnect(abort=True)


def text_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_a_session_id_alone_does_not_join_or_continue_a_conversation(servers: Dict[str, Any]) -> None:
    owner = Chat(servers["base"])
    try:
        owner.say("hallo")
        assert "Woongoed Eemdal" in text_of(owner.turn())
        intruder = Chat(servers["base"], session_id=owner.session_id)  # knows the id, not the key
        try:
            assert intruder.session_id != owner.session_id
            intruder.say("wat is mijn huur", session_id=owner.session_id)
            (refusal,) = intruder.turn()
            assert refusal["status"] == 400
            owner.say("wat zijn de openingstijden")
            owner.turn()
            time.sleep(1)
            assert intruder.received.empty()  # nothing of the owner's conversation reached it
        finally:
            intruder.close()
        # The widget rejoins with the key it was given (after a reload or a network drop).
        again = Chat(servers["base"], session_id=owner.session_id, session_key=owner.session_key)
        try:
            assert again.session_id == owner.session_id
            again.say("bedankt")
            assert again.turn()[-1].get("custom")
        finally:
            again.close()
    finally:
        owner.close()


def test_rest_cannot_continue_a_web_chat_or_whatsapp_conversation(servers: Dict[str, Any]) -> None:
    owner = Chat(servers["base"])
    try:
        for sender in (owner.session_id, "wa-" + "0" * 32):
            response = requests.post(servers["rest"], json={"sender": sender, "message": "wat is mijn huur"},
                                     headers=AUTH, timeout=30)
            assert response.status_code == 403, response.text
    finally:
        owner.close()


def test_the_rest_channel_asks_its_key(servers: Dict[str, Any]) -> None:
    body = {"sender": "backend-1", "message": "hallo"}
    assert requests.post(servers["rest"], json=body, timeout=30).status_code == 401
    wrong = requests.post(servers["rest"], json=body, headers={"Authorization": "Bearer guess"}, timeout=30)
    assert wrong.status_code == 401 and "sleutel" in wrong.text
    assert requests.post(servers["rest"], json=body, headers=AUTH, timeout=30).status_code == 200


def stored(servers: Dict[str, Any], sender: str) -> str:
    time.sleep(0.5)
    with sqlite3.connect(servers["tracker_db"]) as conn:
        rows = conn.execute("select data from events where sender_id = ?", (sender,)).fetchall()
    return "\n".join(r[0] for r in rows)


def test_large_requests_and_unknown_metadata_are_not_stored(servers: Dict[str, Any]) -> None:
    big = {"sender": "meta-big", "message": "hallo", "metadata": {"portal_token": "x" * (2 * 1024 * 1024)}}
    response = requests.post(servers["rest"], data=json.dumps(big), headers={**AUTH, "Content-Type":
                                                                             "application/json"}, timeout=60)
    assert response.status_code == 413
    assert stored(servers, "meta-big") == ""
    odd = {"sender": "meta-odd", "message": "hallo", "metadata": {"tracking": "y" * 5000, "nested": {"a": [1, 2]}}}
    assert requests.post(servers["rest"], json=odd, headers=AUTH, timeout=30).status_code == 200
    data = stored(servers, "meta-odd")
    assert data and "tracking" not in data and "nested" not in data and "yyyy" not in data


def test_new_conversations_per_address_are_limited(servers: Dict[str, Any]) -> None:
    def start(sender: str, address: str) -> int:
        return requests.post(servers["rest"], json={"sender": sender, "message": "hallo"},
                             headers={**AUTH, "X-Forwarded-For": address}, timeout=30).status_code

    codes = [start(f"flood-{n}", "203.0.113.7") for n in range(PER_MINUTE + 2)]
    assert codes[:PER_MINUTE] == [200] * PER_MINUTE and codes[PER_MINUTE:] == [429, 429]
    assert start("flood-0", "203.0.113.7") == 200  # a conversation already started goes on
    assert start("elsewhere-1", "203.0.113.8") == 200  # other addresses are served
    refused = Chat(servers["base"], address="203.0.113.7", expect_session=False)  # the web chat counts too
    try:
        refusal = refused.received.get(timeout=10)
        assert refusal["status"] == 429 and refused.confirmed.empty()
    finally:
        refused.close()


def test_the_demo_page_sends_security_headers(servers: Dict[str, Any]) -> None:
    # Issue 17 (low): CSP, no framing, no type sniffing.
    page = requests.get(f"{servers['base']}/webhooks/webchat/", timeout=10)
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY" and page.headers["X-Content-Type-Options"] == "nosniff"
    widget = requests.get(f"{servers['base']}/webhooks/webchat/widget.js", timeout=10)
    assert widget.headers["X-Content-Type-Options"] == "nosniff"


def test_the_chat_does_not_answer_other_sites(servers: Dict[str, Any]) -> None:
    # Issue 17 (low): Socket.IO reflected any Origin with credentials allowed.
    url = f"{servers['base']}/webchat/socket.io/?EIO=4&transport=polling"
    foreign = requests.get(url, headers={"Origin": "https://evil.example"}, timeout=10)
    assert foreign.headers.get("Access-Control-Allow-Origin") != "https://evil.example"
    assert foreign.status_code == 400
    own = requests.get(url, headers={"Origin": servers["base"]}, timeout=10)
    assert own.status_code == 200
