"""The console on PostgreSQL (127.0.0.1:5432), as in production: accounts, failed logins,
versions, publication and the dashboard on a PostgreSQL conversation store."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Iterator

import pytest
import yaml
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from bot.servers import POSTGRES, scratch_postgres
from console import store, work
from console.app import ConsoleConfig, create_app, hash_password
from tests.console.conftest import ROOT, csrf
from tests.console.test_insight import conversations


@pytest.fixture()
def pg_url() -> Iterator[str]:
    with scratch_postgres("hw_console") as name:
        yield f"{POSTGRES}/{name}"


def test_console_on_postgresql(pg_url: str, knowledge: Path) -> None:
    engine = create_engine(pg_url, future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as s, s.begin():
        store.add_user(s, "rob", hash_password("beoordelaar-wachtwoord"), "reviewer", datetime(2026, 11, 23))
        work.import_from(s, knowledge, "inlezen", datetime(2026, 11, 23))
    conversations(pg_url, [("a", "mag ik een leguaan houden", "nlu_fallback", 0.2, None)])
    app = create_app(ConsoleConfig(database_url=pg_url, tracker_url=pg_url, knowledge_dir=knowledge, root=ROOT,
                                   secret_key="pg-test-" + "k" * 24))
    client = app.test_client()
    token = csrf(client, "/inloggen")
    wrong = client.post("/inloggen", data={"gebruikersnaam": "rob", "wachtwoord": "fout", "csrf_token": token})
    assert wrong.status_code == 401
    assert client.post("/inloggen", data={"gebruikersnaam": "rob", "wachtwoord": "beoordelaar-wachtwoord",
                                          "csrf_token": token}).status_code == 302
    data = yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text())
    form = {"csrf_token": csrf(client, "/kennis/huisdieren"), "titel": data["title"], "onderwerp": data["topic"],
            "vragen": "\n".join(data["questions"]), "antwoord": "Huisdieren mogen bij ons; bel {telefoon}.",
            "actie": "aanbieden"}
    assert client.post("/kennis/huisdieren", data=form).status_code == 302
    client.post("/stuk/entry/huisdieren/publiceren", data={"csrf_token": form["csrf_token"]})
    assert yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text())["answer"] == \
        "Huisdieren mogen bij ons; bel {telefoon}."
    assert "1 x “mag ik een leguaan houden”" in client.get("/inbox").get_data(as_text=True)
    assert '<dd id="berichten">1</dd>' in client.get("/dashboard?van=2026-11-01&tot=2026-11-30").get_data(
        as_text=True)
    engine.dispose()
