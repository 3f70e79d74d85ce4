"""Production stores: two Rasa servers share one conversation through the PostgreSQL tracker
store (127.0.0.1:5432) and the Redis lock store (127.0.0.1:6379); turns alternate between them,
one of them is killed and started again mid-conversation, and nothing is lost or reordered."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.servers import POSTGRES, ROOT, free_port, running_servers, scratch_postgres
from huurwijzer.tenancy.backoffice import SqlBackOffice
from huurwijzer.tenancy.seed import seed


@pytest.fixture(scope="module")
def databases() -> Iterator[Dict[str, str]]:
    with scratch_postgres("hw_tracker") as tracker, scratch_postgres("hw_tenancy") as tenancy:
        yield {"tracker": tracker, "tenancy": tenancy}


def start_rasa(model: Path, port: int, env: Dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "bot.server", "run", "--model", str(model), "--port", str(port),
               "--interface", "127.0.0.1", "--endpoints", str(ROOT / "bot" / "endpoints.production.yml"),
               "--credentials", str(ROOT / "bot" / "credentials.yml")]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=log.open("wb"),
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text(errors="replace")[-2000:]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(port)


def say(port: int, sender: str, message: str) -> str:
    response = requests.post(f"http://127.0.0.1:{port}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message}, timeout=30)
    assert response.status_code == 200, response.text
    return "\n".join(m.get("text", "") for m in response.json())


def test_two_instances_share_a_conversation_and_survive_a_restart(trained_model: Path, tmp_path: Path,
                                                                   databases: Dict[str, str]) -> None:
    tenancy = f"{POSTGRES}/{databases['tenancy']}"
    engine = create_engine(tenancy, future=True)
    seed(engine, date.today())
    from sqlalchemy.orm import Session

    with Session(engine, future=True) as session:
        h = SqlBackOffice().contract_holders(session, "HC-100007")[0]
    env = {"HUURWIJZER_DATABASE_URL": tenancy, "HUURWIJZER_TRACKER_PG_HOST": "127.0.0.1",
           "HUURWIJZER_TRACKER_PG_PORT": "5432", "HUURWIJZER_TRACKER_PG_DB": databases["tracker"],
           "HUURWIJZER_TRACKER_PG_USER": "postgres", "HUURWIJZER_TRACKER_PG_PASSWORD": "",
           "HUURWIJZER_REDIS_HOST": "127.0.0.1", "HUURWIJZER_REDIS_PORT": "6379", "HUURWIJZER_REDIS_LOCK_DB": "14",
           "HUURWIJZER_REDIS_URL": "redis://127.0.0.1:6379/14"}
    endpoints = ROOT / "bot" / "endpoints.production.yml"
    with running_servers(trained_model, tmp_path, env=env, endpoints=endpoints) as servers:
        first = int(servers.rest_url.split(":")[2].split("/")[0])
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "SQLALCHEMY_SILENCE_UBER_WARNING": "1", **env,
                    "ACTION_SERVER_URL": f"http://127.0.0.1:{servers.processes[0].args[-1]}/webhook"}
        second_port = free_port()
        second = start_rasa(trained_model, second_port, full_env, tmp_path / "rasa2.log")
        try:
            # One conversation, alternating instances, through the verification form.
            turns: List[tuple[int, str]] = [(first, "wat is mijn huur"), (second_port, h.contract_number),
                                            (first, f"{h.postcode[:4]} {h.postcode[4:]}"),
                                            (second_port, f"{h.date_of_birth:%d-%m-%Y}")]
            replies = [say(port, "scale-1", message) for port, message in turns]
            assert "contractnummer" in replies[0] and "postcode" in replies[1].lower()
            assert "geboortedatum" in replies[2] and "U bent nu ingelogd" in replies[3] and "€" in replies[3]
            # Kill the second instance mid-conversation and start it again: the conversation goes on.
            os.killpg(second.pid, signal.SIGKILL)
            second.wait(timeout=10)
            second = start_rasa(trained_model, second_port, full_env, tmp_path / "rasa2b.log")
            assert "Uw woning" in say(second_port, "scale-1", "wie is mijn huismeester")
            assert "uitgelogd" in say(first, "scale-1", "log uit")
        finally:
            os.killpg(second.pid, signal.SIGTERM)
            second.wait(timeout=15)
    tracker = create_engine(f"{POSTGRES}/{databases['tracker']}", future=True)
    with tracker.connect() as conn:
        rows = conn.execute(text("select data from events where sender_id = 'scale-1' order by id")).scalars().all()
    tracker.dispose()
    engine.dispose()
    users = [json.loads(r)["text"] for r in rows if json.loads(r)["event"] == "user"]
    assert len(users) == 6  # every turn once, in order (answers to the form are stored redacted)
    assert users[0] == "wat is mijn huur" and users[-1] == "log uit" and users[-2] == "wie is mijn huismeester"
    assert h.contract_number not in "\n".join(rows)


def test_twilio_retries_and_numbered_choices_work_across_two_servers(trained_model: Path, tmp_path: Path,
                                                                      databases: Dict[str, str]) -> None:
    """Twilio retries a webhook and a tenant answers a numbered list; behind a load balancer either
    may reach the other server. A retried message is handled once and answered from the store; the
    channel state in Redis (bot/channels/shared_state/) makes the typed number mean the choice shown
    by the other server."""
    import redis
    from twilio.request_validator import RequestValidator

    token, public_url = "twilio-token-for-tests", "https://huurwijzer.example/webhooks/twilio/webhook"
    redis.Redis.from_url("redis://127.0.0.1:6379/13").flushdb()
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'tenancy.db'}",
           "HUURWIJZER_TRACKER_PG_HOST": "127.0.0.1", "HUURWIJZER_TRACKER_PG_PORT": "5432",
           "HUURWIJZER_TRACKER_PG_DB": databases["tracker"], "HUURWIJZER_TRACKER_PG_USER": "postgres",
           "HUURWIJZER_TRACKER_PG_PASSWORD": "", "HUURWIJZER_REDIS_HOST": "127.0.0.1",
           "HUURWIJZER_REDIS_PORT": "6379", "HUURWIJZER_REDIS_LOCK_DB": "14",
           "HUURWIJZER_REDIS_URL": "redis://127.0.0.1:6379/13",
           "TWILIO_AUTH_TOKEN": token, "TWILIO_WEBHOOK_URL": public_url}
    with running_servers(trained_model, tmp_path, env=env, endpoints=ROOT / "bot" / "endpoints.production.yml",
                         rasa_instances=2) as servers:
        hooks = [url.replace("/rest/webhook", "/twilio/webhook") for url in servers.rest_urls]

        def post(server: int, sid: str, body: str) -> str:
            params = {"MessageSid": sid, "From": "whatsapp:+31687654321", "Body": body}
            signature = RequestValidator(token).compute_signature(public_url, params)
            answer = requests.post(hooks[server], data=params, headers={"X-Twilio-Signature": signature}, timeout=30)
            assert answer.status_code == 200, answer.text
            return answer.text

        greeting = post(0, "SM-1", "hallo")
        assert "1." in greeting and "2." in greeting  # buttons shown as a numbered list
        # Twilio retries only when it got no answer: the retry on the other server carries the stored one.
        assert post(1, "SM-1", "hallo") == greeting
        assert "<Message>" in post(1, "SM-2", "1")  # the tenant types 1; it reaches the other server
    tracker = create_engine(f"{POSTGRES}/{databases['tracker']}", future=True)
    with tracker.connect() as conn:
        rows = conn.execute(text("select data from events where type_name = 'user' order by id")).scalars().all()
    tracker.dispose()
    texts = [json.loads(r)["text"] for r in rows if json.loads(r).get("input_channel") == "twilio"]
    assert texts.count("hallo") == 1  # the retried message was handled once
    assert len(texts) == 2 and texts[1] != "1"  # the typed number became the first choice's payload
