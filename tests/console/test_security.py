"""No page or API without login; roles; CSRF; login rate limit; session expiry; passwords hashed."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Callable, Dict, List

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from console import store
from console.app import ConsoleConfig, create_app
from tests.console.conftest import PASSWORDS, csrf


def all_routes(app: Flask) -> List[tuple]:
    samples = {"key": "huisdieren", "kind": "entry", "step": "publiceren", "version_id": "1", "anchor": "abc",
               "filename": "console.css", "user_id": "1", "tenant_id": "1", "task_id": "1"}
    found = []
    for rule in app.url_map.iter_rules():
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", samples[name]).replace(f"<int:{name}>", samples[name])
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((rule.endpoint, method, path))
    return found


def test_no_page_or_api_without_login(app: Flask) -> None:
    client = app.test_client()
    token = csrf(client, "/inloggen")  # a valid CSRF token, so that only the missing login can refuse
    checked = 0
    for endpoint, method, path in all_routes(app):
        if endpoint in ("auth.login", "static"):
            continue
        response = client.open(path, method=method, data={"csrf_token": token})
        assert response.status_code in (302, 401), (method, path, response.status_code)
        if response.status_code == 302:
            assert response.headers["Location"].startswith("/inloggen")
        assert "Uitloggen" not in response.get_data(as_text=True)
        checked += 1
    assert checked >= 20
    api = client.get("/api/training")
    assert api.status_code == 401 and api.get_json() == {"fout": "Log eerst in."}


def test_an_editor_cannot_publish_retire_or_change_the_profile(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    token = csrf(editor, "/kennis")
    for path in ("/stuk/entry/huisdieren/publiceren", "/stuk/entry/huisdieren/intrekken",
                 "/stuk/repair/buitenkraan/intrekken",
                 "/stuk/repair/kraanleertje/publiceren", "/profiel", "/beheer/training", "/beheer/wegschrijven",
                 "/beheer/gebruiker", "/beheer/gebruiker/1/verwijderen"):
        response = editor.post(path, data={"csrf_token": token, "telefoon": "0"})
        assert response.status_code == 403, path
        assert "Geen toegang" in response.get_data(as_text=True)
    assert editor.get("/profiel").status_code == 403
    assert editor.get("/beheer").status_code == 403
    reviewer = clients["rob"]
    assert reviewer.get("/profiel").status_code == 403


def test_csrf_token_is_required(clients: Dict[str, FlaskClient], knowledge) -> None:
    reviewer = clients["rob"]
    before = (knowledge / "entries" / "huisdieren.yml").read_text()
    for data in ({}, {"csrf_token": "vervalst"}):
        response = reviewer.post("/stuk/entry/huisdieren/intrekken", data=data)
        assert response.status_code == 400 and "verlopen" in response.get_data(as_text=True)
    assert reviewer.post("/api/voorbeeld", json={"answer": "x"}).status_code == 400
    assert (knowledge / "entries" / "huisdieren.yml").read_text() == before


def test_login_is_rate_limited(app: Flask) -> None:
    client = app.test_client()
    token = csrf(client, "/inloggen")
    for _ in range(5):
        wrong = client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": "fout", "csrf_token": token})
        assert wrong.status_code == 401 and "klopt niet" in wrong.get_data(as_text=True)
    blocked = client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"],
                                             "csrf_token": token})
    assert blocked.status_code == 429 and "Wacht 15 minuten" in blocked.get_data(as_text=True)
    other = client.post("/inloggen", data={"gebruikersnaam": "rob", "wachtwoord": PASSWORDS["rob"],
                                           "csrf_token": token})
    assert other.status_code == 302  # another user name from the same place is not locked out


def test_login_needs_csrf_and_gives_one_message_for_unknown_user_or_wrong_password(app: Flask) -> None:
    client = app.test_client()
    assert client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"]}).status_code == 400
    token = csrf(client, "/inloggen")
    unknown = client.post("/inloggen", data={"gebruikersnaam": "niemand", "wachtwoord": "x", "csrf_token": token})
    wrong = client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": "x", "csrf_token": token})
    def message(page: str) -> str:
        found = re.search(r'<p class="fout" role="alert">([^<]+)</p>', page)
        assert found
        return found.group(1)

    assert unknown.status_code == wrong.status_code == 401
    assert message(unknown.get_data(as_text=True)) == message(wrong.get_data(as_text=True)) == \
        "Gebruikersnaam of wachtwoord klopt niet."


def test_sessions_expire(console_config: ConsoleConfig) -> None:
    clock = {"now": datetime(2026, 11, 23, 9)}
    short = ConsoleConfig(**{**console_config.__dict__, "session_minutes": 1})
    app = create_app(short, now=lambda: clock["now"])
    client = app.test_client()
    token = csrf(client, "/inloggen")
    client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"], "csrf_token": token})
    assert client.get("/kennis").status_code == 200
    cookie = client.get_cookie("huurwijzer_beheer")
    assert cookie is not None and cookie.http_only and cookie.expires is not None
    assert cookie.expires - datetime.now(cookie.expires.tzinfo) <= timedelta(minutes=1, seconds=5)
    # The signed cookie carries its time; the server refuses it once older than the lifetime.
    import time

    app.permanent_session_lifetime = timedelta(seconds=1)
    time.sleep(2.1)
    assert client.get("/kennis").status_code == 302


def test_passwords_are_stored_as_modern_hashes(console_config: ConsoleConfig) -> None:
    engine = create_engine(console_config.database_url, future=True)
    with Session(engine, future=True) as s:
        hashes = s.execute(select(store.staff_users.c.password_hash)).scalars().all()
    assert hashes and all(h.startswith("scrypt:") for h in hashes)
    assert not any(p in h for h in hashes for p in PASSWORDS.values())


@pytest.mark.parametrize("target", ["https://elders.example/", "//elders.example/"])
def test_login_does_not_redirect_elsewhere(app: Flask, target: str) -> None:
    client = app.test_client()
    token = csrf(client, "/inloggen")
    response = client.post(f"/inloggen?volgende={target}", data={"gebruikersnaam": "eva",
                                                                 "wachtwoord": PASSWORDS["eva"], "csrf_token": token})
    assert response.headers["Location"] == "/"


def test_pages_forbid_framing_and_inline_scripts(login: Callable[[str], FlaskClient]) -> None:
    response = login("eva").get("/kennis")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)



def account_ids(admin: FlaskClient) -> Dict[str, str]:
    """User name -> id of the accounts the admin page offers to remove."""
    page = admin.get("/beheer").get_data(as_text=True)
    return {name: number for number, name in re.findall(
        r'/beheer/gebruiker/(\d+)/verwijderen" class="inline">\s*<input[^>]*>\s*<button[^>]*'
        r'aria-label="Account (\w+) verwijderen"', page)}


def test_an_admin_removes_an_account_its_sessions_end_and_its_history_stays(
        app: Flask, clients: Dict[str, FlaskClient]) -> None:
    admin, editor = clients["ada"], clients["eva"]
    form = {"csrf_token": csrf(editor, "/reparaties/buitenkraan"), "naam": "buitenkraan", "synoniemen": "buitenkraan",
            "partij": "huurder", "basis": "wet", "uitleg": "Een buitenkraan maken is een kleine reparatie.",
            "actie": "opslaan"}
    assert editor.post("/reparaties/buitenkraan", data=form).status_code == 302
    ids = account_ids(admin)
    assert set(ids) == {"eva", "rob"}  # never the admin's own account
    response = admin.post(f"/beheer/gebruiker/{ids['eva']}/verwijderen", data={"csrf_token": csrf(admin, "/beheer")})
    assert response.status_code == 302
    assert "Account eva verwijderd" in admin.get("/beheer").get_data(as_text=True)
    assert set(account_ids(admin)) == {"rob"}
    assert editor.get("/kennis").headers["Location"].startswith("/inloggen")  # her open session ended
    fresh = app.test_client()
    refused = fresh.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"],
                                            "csrf_token": csrf(fresh, "/inloggen")})
    assert refused.status_code == 401
    assert "<td>eva</td>" in admin.get("/reparaties/buitenkraan").get_data(as_text=True)  # who wrote what stays


def test_an_admin_cannot_remove_their_own_account(console_config: ConsoleConfig,
                                                 clients: Dict[str, FlaskClient]) -> None:
    engine = create_engine(console_config.database_url, future=True)
    with Session(engine, future=True) as s:
        own = store.user_by_name(s, "ada")
    engine.dispose()
    assert own is not None
    admin = clients["ada"]
    admin.post(f"/beheer/gebruiker/{own.id}/verwijderen", data={"csrf_token": csrf(admin, "/beheer")})
    assert "U kunt uw eigen account niet verwijderen." in admin.get("/beheer").get_data(as_text=True)
    assert admin.get("/beheer").status_code == 200  # still logged in, still an admin


def test_staff_change_their_password_and_other_sessions_end(app: Flask, login: Callable[[str], FlaskClient]) -> None:
    here, elsewhere = login("eva"), login("eva")
    token = csrf(here, "/wachtwoord")
    new = "een-nieuw-wachtwoord-2026"

    def change(current: str, first: str, second: str) -> int:
        return here.post("/wachtwoord", data={"csrf_token": token, "huidig": current, "nieuw": first,
                                              "nogmaals": second}).status_code

    assert change("fout", new, new) == 400
    assert change(PASSWORDS["eva"], "kort", "kort") == 400
    assert change(PASSWORDS["eva"], new, new + "x") == 400
    assert change(PASSWORDS["eva"], new, new) == 302
    assert here.get("/kennis").status_code == 200  # this session goes on
    assert elsewhere.get("/kennis").headers["Location"].startswith("/inloggen")  # the other one ended
    for password, status in ((PASSWORDS["eva"], 401), (new, 302)):
        client = app.test_client()
        answer = client.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": password,
                                                "csrf_token": csrf(client, "/inloggen")})
        assert answer.status_code == status


# Issue 17, Medium 7 and 8.

@pytest.mark.parametrize("target", ["/%09/evil.example", "/%0a/evil.example", "/%5Cevil.example", "//evil.example",
                                    "/%0d%0a/evil.example", "https://evil.example/", "/\\/evil.example"])
def test_no_redirect_off_the_site_after_login(app: Flask, target: str) -> None:
    client = app.test_client()
    token = csrf(client, "/inloggen")
    response = client.post(f"/inloggen?volgende={target}", data={
        "gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"], "csrf_token": token})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and location == "/", location


def test_a_safe_next_page_is_still_followed(app: Flask) -> None:
    client = app.test_client()
    token = csrf(client, "/inloggen")
    response = client.post("/inloggen?volgende=/kennis", data={
        "gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"], "csrf_token": token})
    assert response.headers["Location"] == "/kennis"


def test_a_session_cookie_is_worthless_after_logging_out(login: Callable[[str], FlaskClient], app: Flask) -> None:
    client = login("eva")
    assert client.get("/kennis").status_code == 200
    cookie = client.get_cookie("huurwijzer_beheer")
    assert cookie is not None
    stolen = app.test_client()
    stolen.set_cookie("huurwijzer_beheer", cookie.value)
    assert stolen.get("/kennis").status_code == 200  # a copy works while the session lives ...
    client.post("/uitloggen", data={"csrf_token": csrf(client, "/kennis")})
    after = stolen.get("/kennis")
    assert after.status_code == 302 and after.headers["Location"].startswith("/inloggen")  # ... not after


# Issue 17 (low): staff user names from login timing; a shared proxy locking every staff member.

def test_an_unknown_user_name_takes_as_long_as_a_wrong_password(app: Flask) -> None:
    import statistics
    import time

    client = app.test_client()
    token = csrf(client, "/inloggen")

    def seconds(name: str) -> float:
        started = time.perf_counter()
        response = client.post("/inloggen", data={"gebruikersnaam": name, "wachtwoord": "fout-wachtwoord-123",
                                                 "csrf_token": token})
        assert response.status_code == 401
        return time.perf_counter() - started

    known = statistics.median(seconds("eva") for _ in range(3))
    unknown = statistics.median(seconds(f"niemand{n}") for n in range(3))
    assert unknown > 0.5 * known, (unknown, known)


def test_behind_a_proxy_one_clients_failures_do_not_lock_out_the_others(console_config: ConsoleConfig) -> None:
    from dataclasses import replace

    app = create_app(replace(console_config, proxies=1))
    attacker = app.test_client()
    token = csrf(attacker, "/inloggen")
    for n in range(25):
        attacker.post("/inloggen", data={"gebruikersnaam": f"gok{n}", "wachtwoord": "x" * 12, "csrf_token": token},
                      headers={"X-Forwarded-For": "203.0.113.66"})
    locked = attacker.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"],
                                              "csrf_token": token}, headers={"X-Forwarded-For": "203.0.113.66"})
    assert locked.status_code == 429
    colleague = app.test_client()
    token = csrf(colleague, "/inloggen")
    response = colleague.post("/inloggen", data={"gebruikersnaam": "eva", "wachtwoord": PASSWORDS["eva"],
                                                 "csrf_token": token}, headers={"X-Forwarded-For": "198.51.100.23"})
    assert response.status_code == 302
