"""Bad input against the live channels (REST and the website chat's Socket.IO): every case gets an
answer or a clear refusal with a status, nothing is echoed as markup, and the server keeps
serving other people. The REST cases beyond these are in tests/test_rest_channel.py."""

from __future__ import annotations

import queue
import time
import uuid
from pathlib import Path
from typing import Any, Dict, Iterator, List

import pytest
import requests
import socketio

from bot.servers import running_servers

ODD_TEXTS = {
    "empty": "", "whitespace": " \t\n ", "100 KB": "lekkende kraan " * 7_000, "control": "hoi\x00\x07\x1b[31m\x7f",
    "emoji": "🏠💧😩", "rtl": "\u202eمرحبا، الحنفية تسرب\u202c",
    "sql": "'; DROP TABLE events; -- wat is mijn huur",
    "script": "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "unicode": "Ｈｅｌｌｏ ｋｒａａｎ \ufeff\u200b",
}


@pytest.fixture(scope="module")
def servers(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, str]]:
    folder = tmp_path_factory.mktemp("bad-input")
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{folder / 'tenancy.db'}"}
    with running_servers(trained_model, folder, env=env) as running:
        yield {"rest": running.rest_url, "base": running.rest_url.replace("/webhooks/rest/webhook", "")}


class ChatClient:
    """A website-chat client speaking the widget's protocol over Socket.IO (long polling)."""

    def __init__(self, base: str) -> None:
        self.received: queue.Queue[Dict[str, Any]] = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        self.session: queue.Queue[str] = queue.Queue()
        self.sio.on("bot_uttered", self.received.put)
        self.sio.on("session_confirm", self.session.put)
        self.sio.connect(base, socketio_path="/webchat/socket.io", transports=["polling"], wait_timeout=10)
        self.sio.emit("session_request", {"session_id": None})
        self.session_id = self.session.get(timeout=10)

    def send(self, data: Any) -> None:
        self.sio.emit("user_uttered", data)

    def turn(self) -> List[Dict[str, Any]]:
        """Messages until the turn's metadata, or one refusal."""
        messages = []
        while True:
            message = self.received.get(timeout=30)
            messages.append(message)
            if "custom" in message or "status" in message:
                return messages

    def close(self) -> None:
        # Over long polling a graceful disconnect waits until the server ends the pending poll, at
        # its next ping (25 s). The close packet is sent either way, and the server ends the session.
        self.sio.eio.disconnect(abort=True)


@pytest.fixture()
def chat(servers: Dict[str, str]) -> Iterator[ChatClient]:
    client = ChatClient(servers["base"])
    yield client
    client.close()


def answered(messages: List[Dict[str, Any]]) -> str:
    assert "status" not in messages[-1], messages
    assert messages[-1]["custom"]["topic"], messages
    text = "\n".join(m.get("text", "") for m in messages)
    assert text.strip() and "<script" not in text and "onerror" not in text
    return text


@pytest.mark.parametrize("case", sorted(ODD_TEXTS))
def test_odd_text_is_answered_on_both_channels(servers: Dict[str, str], chat: ChatClient, case: str) -> None:
    chat.send({"session_id": chat.session_id, "message": ODD_TEXTS[case]})
    answered(chat.turn())
    response = requests.post(servers["rest"], json={"sender": f"bad-{case}", "message": ODD_TEXTS[case]}, timeout=30)
    assert response.status_code == 200
    answered(response.json())


@pytest.mark.parametrize("data, reason", [
    ("geen object", "session_id"), ({"message": "hallo"}, "session_id"),
    ({"session_id": "../../etc/passwd", "message": "hallo"}, "session_id"),
    ({"session_id": None, "message": "hallo"}, "session_id"),
    ({"message": 42}, "session_id"), ({"message": ["a"]}, "message"), ({"message": "hoi", "metadata": "x"}, "metadata"),
])
def test_malformed_chat_messages_are_refused_with_a_status(chat: ChatClient, data: Any, reason: str) -> None:
    if isinstance(data, dict) and "session_id" not in data and reason != "session_id":
        data = {**data, "session_id": chat.session_id}
    chat.send(data)
    (refusal,) = chat.turn()
    assert refusal["status"] == 400 and "Ongeldig bericht" in refusal["text"] and reason in refusal["text"]
    chat.send({"session_id": chat.session_id, "message": "hallo"})  # the same connection still works
    assert "Woongoed Eemdal" in answered(chat.turn())


def test_fast_repeated_chat_messages_are_refused_politely_and_others_are_served(servers: Dict[str, str]) -> None:
    flooder, other = ChatClient(servers["base"]), ChatClient(servers["base"])
    try:
        for n in range(30):  # 20 a second; long polling takes at most 16 packets per request
            flooder.send({"session_id": flooder.session_id, "message": f"hallo {n}"})
            time.sleep(0.05)
        turns = [flooder.turn() for _ in range(30)]
        refusals = [t[-1] for t in turns if "status" in t[-1]]
        assert refusals and all(r["status"] == 429 and "wacht even" in r["text"].lower() for r in refusals)
        assert len(turns) - len(refusals) == 20  # the first 20 in ten seconds are answered
        other.send({"session_id": other.session_id, "message": "wie repareert een lekkende kraan"})
        assert "kraan" in answered(other.turn()).lower()
    finally:
        flooder.close()
        other.close()


def test_a_new_session_id_is_fresh_and_unguessable(chat: ChatClient, servers: Dict[str, str]) -> None:
    second = ChatClient(servers["base"])
    try:
        assert chat.session_id != second.session_id and len(second.session_id) == 32
        int(second.session_id, 16)
        assert uuid.UUID(second.session_id).version == 4
    finally:
        second.close()
