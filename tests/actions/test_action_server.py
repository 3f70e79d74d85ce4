"""Issue 17, High 2: the action server listens on 127.0.0.1, runs nothing without the secret the
Rasa servers send, and trusts a WhatsApp number only when the WhatsApp channel vouched for it."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest
import requests
import yaml
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.conversation.shared_names import PHONE_KEY
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import OFFICE, services, turn

ROOT = Path(__file__).resolve().parents[2]
SECRET = "action-server-test-secret-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a socket listening on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for name in ("tcp", "tcp6"):
        path = Path(f"/proc/net/{name}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.split(":")
            if state == "0A" and int(hex_port, 16) == port:
                found.add(address)
    return found


@pytest.fixture(scope="module")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The action server as bot.servers starts it (for `make run` and every end-to-end test), with a
    known secret."""
    with started_action_server(tmp_path_factory.mktemp("actions"), SECRET, ready_within=120) as url:
        yield url


@contextmanager
def started_action_server(folder: Path, secret: str, ready_within: float) -> Iterator[str]:
    """A fresh action server process on a free port with its own SQLite database in `folder`; yields its
    address once its health check answers (after its warm-up) and stops it afterwards."""
    port = free_port()
    env = {"HUURWIJZER_ACTION_SECRET": secret, "HUURWIJZER_DATABASE_URL": f"sqlite:///{folder / 'tenancy.db'}",
           "PATH": "/usr/bin:/bin"}
    with open(folder / "actions.log", "wb") as log:
        proc = subprocess.Popen(action_server_command(port), cwd=ROOT, env=env, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            deadline = time.monotonic() + ready_within
            while time.monotonic() < deadline:
                try:
                    requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                    break
                except requests.ConnectionError:
                    assert proc.poll() is None, (folder / "actions.log").read_text()
                    time.sleep(0.3)
            yield f"http://127.0.0.1:{port}"
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def action_server_command(port: int) -> list[str]:
    """The action server's command line in bot.servers.running_servers (read from its source, so this
    test starts exactly what `make run` starts, also on older commits)."""
    import bot.servers

    module = getattr(bot.servers, "ACTION_SERVER_MODULE", None)
    if module:
        return [sys.executable, "-m", module, "--port", str(port)]
    line = next(x for x in Path(bot.servers.__file__).read_text(encoding="utf-8").splitlines()
                if x.strip().startswith('"actions":'))
    if "actions.server" in line:
        return [sys.executable, "-m", "actions.server", "--port", str(port)]
    return [str(Path(sys.executable).parent / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)]


def call(phone: str = "+31612345678") -> dict:
    return {"next_action": "action_personal", "sender_id": "attacker", "version": "3.6.21",
            "tracker": {"sender_id": "attacker", "slots": {}, "latest_message": {
                "intent": {"name": "my_rent", "confidence": 1.0}, "text": "wat is mijn huur",
                "metadata": {"whatsapp_phone": phone}},
                "latest_input_channel": "whatsapp", "events": [], "paused": False, "followup_action": None,
                "active_loop": {}, "latest_action_name": "action_listen"},
            "domain": yaml.safe_load((ROOT / "bot" / "domain" / "personal.yml").read_text(encoding="utf-8"))}


def test_the_action_server_listens_on_loopback_only(action_server: str) -> None:
    port = int(action_server.rsplit(":", 1)[1])
    addresses = listening_addresses(port)
    # 0100007F is 127.0.0.1; 00000000 (or the IPv6 ::) would be every interface.
    assert addresses == {"0100007F"}, addresses


def test_calls_without_the_shared_secret_are_refused(action_server: str) -> None:
    assert requests.get(f"{action_server}/health", timeout=10).status_code == 200  # for load balancers
    body = json.dumps(call())
    refused = requests.post(f"{action_server}/webhook", data=body, timeout=30,
                            headers={"Content-Type": "application/json"})
    assert refused.status_code == 401 and "events" not in refused.text
    wrong = requests.post(f"{action_server}/webhook", data=body, timeout=30,
                          headers={"Content-Type": "application/json", "X-Huurwijzer-Action-Key": "guess"})
    assert wrong.status_code == 401
    assert requests.get(f"{action_server}/actions", timeout=10).status_code == 401


def test_the_rasa_endpoints_send_the_secret_the_action_server_checks() -> None:
    from actions.server import ACTION_KEY_HEADER

    for name in ("endpoints.yml", "endpoints.production.yml"):
        endpoint = yaml.safe_load((ROOT / "bot" / name).read_text(encoding="utf-8"))["action_endpoint"]
        assert endpoint["headers"] == {ACTION_KEY_HEADER: "${HUURWIJZER_ACTION_SECRET}"}


def test_a_phone_number_in_metadata_alone_sends_no_code(engine: Engine, content: Content) -> None:
    # What a REST client, a web-chat client or a caller of the action server can put in metadata.
    with Session(engine, future=True) as session:
        h = next(x for n in range(1, 60) for x in OFFICE.contract_holders(session, f"HC-{100000 + n * 7:06d}")
                 if x.phone and len(OFFICE.holders_by_phone(session, x.phone)) == 1)
    assert h.phone is not None
    svc = services(engine)
    step = personal_questions.personal_request(svc, content, turn("forged-1", "my_rent", channel="whatsapp",
                                                     metadata={PHONE_KEY: h.phone}))
    assert step.slots[kernel.VERIFICATION_METHOD] == "gegevens"
    with Session(engine, future=True) as session:
        sent = session.execute(select(t.outbox_messages.c.id).where(t.outbox_messages.c.recipient == h.phone)).all()
    assert sent == []
