"""Conversation stores down under the live production configuration: the Redis lock store (a
redis-server of this test's own) and the PostgreSQL tracker store (reached through a forwarder the
test cuts). The tenant gets the Dutch apology with the phone number within three seconds, the log
names the store that failed, the server keeps running and recovers by itself."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
import requests
from sqlalchemy import create_engine, text

from bot.servers import POSTGRES, ROOT, free_port, running_servers, scratch_postgres
from tests.redis_server import start_redis
from tests.tcp_proxy import TcpProxy


@pytest.fixture()
def tracker_db() -> Iterator[str]:
    with scratch_postgres("hw_faults") as name:
        yield name


def say(url: str, message: str) -> Tuple[List[Dict[str, Any]], float]:
    started = time.monotonic()
    response = requests.post(url, json={"sender": "store-fault-1", "message": message}, timeout=30)
    assert response.status_code == 200, response.text
    return list(response.json()), time.monotonic() - started


def text_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(m.get("text", "") for m in messages)


def test_redis_and_tracker_database_down(trained_model: Path, tmp_path: Path, tracker_db: str) -> None:
    redis_port = free_port()
    redis_server = start_redis(redis_port)
    proxy = TcpProxy(5432).start()
    env = {"HUURWIJZER_DATABASE_URL": f"sqlite:///{tmp_path / 'tenancy.db'}",
           "HUURWIJZER_TRACKER_PG_HOST": "127.0.0.1", "HUURWIJZER_TRACKER_PG_PORT": str(proxy.port),
           "HUURWIJZER_TRACKER_PG_DB": tracker_db, "HUURWIJZER_TRACKER_PG_USER": "postgres",
           "HUURWIJZER_TRACKER_PG_PASSWORD": "", "HUURWIJZER_REDIS_HOST": "127.0.0.1",
           "HUURWIJZER_REDIS_PORT": str(redis_port), "HUURWIJZER_REDIS_LOCK_DB": "0",
           "HUURWIJZER_REDIS_URL": f"redis://127.0.0.1:{redis_port}/1"}
    try:
        with running_servers(trained_model, tmp_path, env=env,
                             endpoints=ROOT / "bot" / "endpoints.production.yml") as servers:
            url, log = servers.rest_url, tmp_path / "rasa.log"
            assert "Woongoed Eemdal" in text_of(say(url, "hallo")[0])

            redis_server.terminate()
            redis_server.wait(timeout=10)
            messages, seconds = say(url, "hoe zeg ik mijn huur op")
            assert seconds < 3 and "088 - 000 12 34" in text_of(messages) and "spijt me" in text_of(messages)
            assert [m["custom"]["topic"] for m in messages if "custom" in m] == ["human_handover"]
            assert "store=lock store (Redis)" in log.read_text(errors="replace")
            assert servers.all_running()
            redis_server = start_redis(redis_port)
            assert "opzegtermijn" in text_of(say(url, "hoe zeg ik mijn huur op")[0])

            proxy.stop()
            messages, seconds = say(url, "wie repareert een lekkende kraan")
            assert seconds < 3 and "088 - 000 12 34" in text_of(messages)
            assert "store=tracker store (database)" in log.read_text(errors="replace")
            assert servers.all_running()
            proxy = TcpProxy(5432, port=proxy.port).start()
            # Pooled connections are checked before use: the first message after recovery is answered.
            messages, seconds = say(url, "wie repareert een lekkende kraan")
            assert seconds < 3 and "kraanleertje" in text_of(messages)
    finally:
        proxy.stop()
        redis_server.terminate()
        redis_server.wait(timeout=10)
    tracker = create_engine(f"{POSTGRES}/{tracker_db}", future=True)
    with tracker.connect() as conn:
        users = [r for r in conn.execute(text("select data from events where sender_id = 'store-fault-1' "
                                               "and type_name = 'user' order by id")).scalars()]
    tracker.dispose()
    assert '"hallo"' in users[0] and "kraan" in users[-1]  # the stored conversation went on
