from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Callable, Dict, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from console import store, work
from console.app import ConsoleConfig, create_app, hash_password

ROOT = Path(__file__).resolve().parents[2]
PASSWORDS = {"eva": "redacteur-wachtwoord-1", "rob": "beoordelaar-wachtwoord", "ada": "beheerder-wachtwoord-1"}
ROLES = {"eva": "editor", "rob": "reviewer", "ada": "admin"}


@pytest.fixture()
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", target)
    return target


@pytest.fixture()
def console_config(tmp_path: Path, knowledge: Path) -> ConsoleConfig:
    url = f"sqlite:///{tmp_path / 'console.db'}"
    engine = create_engine(url, future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as s, s.begin():
        for name, role in ROLES.items():
            store.add_user(s, name, hash_password(PASSWORDS[name]), role, datetime(2026, 11, 23, 9))
        work.import_from(s, knowledge, "inlezen", datetime(2026, 11, 23, 9))
    engine.dispose()
    return ConsoleConfig(database_url=url, tracker_url=f"sqlite:///{tmp_path / 'tracker.db'}",
                         knowledge_dir=knowledge, root=ROOT, secret_key="test-secret-" + "x" * 20)


@pytest.fixture()
def app(console_config: ConsoleConfig) -> Flask:
    return create_app(console_config)


def csrf(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


@pytest.fixture()
def login(app: Flask) -> Callable[[str], FlaskClient]:
    def log_in(name: str) -> FlaskClient:
        client = app.test_client()
        token = csrf(client, "/inloggen")
        response = client.post("/inloggen", data={"gebruikersnaam": name, "wachtwoord": PASSWORDS[name],
                                                 "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client
    return log_in


@pytest.fixture()
def clients(login: Callable[[str], FlaskClient]) -> Iterator[Dict[str, FlaskClient]]:
    yield {name: login(name) for name in ROLES}
