"""Personal answers end to end over HTTP, with the action server on a seeded demo database:
nothing before verification, only the tenant's own data after it, lockout, the portal token,
a repair report stored with its reference, a private tracker store and a database that is down."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, Iterator, List

import jwt
import pytest
import requests
from sqlalchemy.orm import Session

from bot.servers import running_servers
from huurwijzer.content.dutch_format import format_money
from huurwijzer.tenancy.backoffice import ContractHolder, SqlBackOffice
from tests.seeded_tenancy import seeded_tenancy

SECRET = "portal-secret-for-the-live-test-0123"
OFFICE = SqlBackOffice()
PERSONAL_QUESTIONS = {
    "wat is mijn huur": "rent_payment",
    "wie is mijn huismeester": "onboarding_first_steps",
    "wat is de status van mijn reparatie": "report_repair",
    "heb ik een serviceabonnement": "service_subscription",
    "ik wil een reparatie melden": "report_repair",
    "ik wil inloggen": "chitchat",
}


@pytest.fixture(scope="module")
def live(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("personal")
    with seeded_tenancy(folder) as db, \
            running_servers(trained_model, folder, env={**db.env, "HUURWIJZER_PORTAL_SECRET": SECRET}) as servers:
        yield {"url": servers.rest_url, "engine": db.engine, "tracker_db": folder / "tracker.db"}


def say(live: Dict[str, Any], sender: str, message: str, metadata: Dict[str, Any] | None = None) -> Dict[str, Any]:
    body: Dict[str, Any] = {"sender": sender, "message": message}
    if metadata:
        body["metadata"] = metadata
    response = requests.post(live["url"], json=body, timeout=30)
    assert response.status_code == 200, response.text
    messages: List[Dict[str, Any]] = response.json()
    customs = [m["custom"] for m in messages if "custom" in m]
    assert len(customs) == 1, messages  # one metadata message per turn
    return {"text": "\n".join(m.get("text", "") for m in messages), "meta": customs[0]}


def holder(live: Dict[str, Any], contract: str) -> ContractHolder:
    with Session(live["engine"], future=True) as session:
        return OFFICE.contract_holders(session, contract)[0]


def log_in(live: Dict[str, Any], sender: str, h: ContractHolder, question: str = "wat is mijn huur") -> str:
    say(live, sender, question)
    say(live, sender, h.contract_number)
    say(live, sender, f"{h.postcode[:4]} {h.postcode[4:]}")
    return str(say(live, sender, f"{h.date_of_birth:%d-%m-%Y}")["text"])


def test_no_personal_data_before_verification(live: Dict[str, Any]) -> None:
    for n, (question, topic) in enumerate(PERSONAL_QUESTIONS.items()):
        turn = say(live, f"anon-{n}", question)
        assert turn["meta"]["topic"] == topic
        assert "contractnummer" in turn["text"]
        assert "€" not in turn["text"] and not re.search(r"HC-10[0-3]\d{3}|R-\d{4}-", turn["text"])


def test_verified_tenant_gets_own_rent_and_never_anothers(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100070")
    text = log_in(live, "tenant-70", h)
    with Session(live["engine"], future=True) as session:
        own = OFFICE.contract(session, "HC-100070")
        other = OFFICE.contract(session, "HC-100077")
    assert own is not None and other is not None
    assert "U bent nu ingelogd" in text and format_money(own.total_rent) in text
    assert format_money(other.total_rent) not in text
    home = say(live, "tenant-70", "wat is mijn adres volgens jullie")["text"]
    assert own.address in home and other.address not in home
    # Asking for someone else's data is refused, and gives nothing of theirs.
    misuse = say(live, "tenant-70", "geef me de huurachterstand van mijn buurman op HC-100077")["text"]
    assert other.address not in misuse and format_money(other.total_rent) not in misuse
    assert "uitgelogd" in say(live, "tenant-70", "log uit")["text"]
    assert "€" not in say(live, "tenant-70", "wat is mijn huur")["text"]


def test_wrong_answers_fail_without_detail_then_lock(live: Dict[str, Any]) -> None:
    h, other = holder(live, "HC-100084"), holder(live, "HC-100091")
    texts = []
    for _ in range(3):
        say(live, "tenant-wrong", "ik wil inloggen")
        say(live, "tenant-wrong", h.contract_number)
        say(live, "tenant-wrong", other.postcode)
        texts.append(say(live, "tenant-wrong", f"{h.date_of_birth:%d-%m-%Y}")["text"])
    assert "niet inloggen" in texts[0] and texts[0] == texts[1]
    assert "15 minuten" in texts[2]
    assert all("postcode" not in t.lower() and "€" not in t for t in texts)
    assert "15 minuten" in say(live, "tenant-wrong", "wat is mijn huur")["text"]


def test_dont_know_at_login_keeps_the_login_and_the_question(live: Dict[str, Any]) -> None:
    """QA, session 16: "weet ik niet" at a login question stopped the login and dropped "wat is mijn huur?".
    The tenant hears where to find it, the same question follows, and the rent is answered after the login."""
    h, sender = holder(live, "HC-100161"), "tenant-unsure-login"
    say(live, sender, "wat is mijn huur")
    turn = say(live, sender, "weet ik niet")["text"]
    assert "bovenaan uw huurcontract" in turn and "Wat is uw contractnummer?" in turn and "Ik stop" not in turn
    say(live, sender, h.contract_number)
    turn = say(live, sender, "geen idee")["text"]
    assert "postcode van de woning" in turn and "Wat is de postcode" in turn
    say(live, sender, f"{h.postcode[:4]} {h.postcode[4:]}")
    assert "Uw huur per maand" in say(live, sender, f"{h.date_of_birth:%d-%m-%Y}")["text"]


def test_malformed_answers_are_asked_again(live: Dict[str, Any]) -> None:
    say(live, "tenant-typo", "wat is mijn huur")
    assert "HC-123456" in say(live, "tenant-typo", "mijn nummer is 12")["text"]
    assert "postcode" in say(live, "tenant-typo", "HC-100098")["text"].lower()
    assert "3811 AB" in say(live, "tenant-typo", "Lindelaan 8")["text"]
    say(live, "tenant-typo", "3811 AB")
    assert "12-03-1980" in say(live, "tenant-typo", "31 februari")["text"]
    assert "ik stop ermee" in say(live, "tenant-typo", "stop")["text"]


def test_a_question_during_the_login_questions_is_answered_after_login(live: Dict[str, Any]) -> None:
    """QA, session 13: "wat is mijn huur?" where the contract number was asked got "Dat lijkt geen
    contractnummer" until "stop"; it is kept and answered after the login, with the first question."""
    h = holder(live, "HC-100112")
    say(live, "tenant-between", "mijn reparaties")
    kept = say(live, "tenant-between", "wat is mijn huur?")["text"]
    assert "geen contractnummer" not in kept and '"stop"' in kept and "Wat is uw contractnummer?" in kept
    say(live, "tenant-between", h.contract_number)
    say(live, "tenant-between", f"{h.postcode[:4]} {h.postcode[4:]}")
    answered = say(live, "tenant-between", f"{h.date_of_birth:%d-%m-%Y}")
    assert "U bent nu ingelogd" in answered["text"] and "Uw huur per maand" in answered["text"]
    assert answered["meta"]["topic"] == "rent_payment"


def test_a_contract_number_typed_again_after_a_failed_login_is_not_asked_again(live: Dict[str, Any]) -> None:
    h, other = holder(live, "HC-100133"), holder(live, "HC-100140")
    say(live, "tenant-retyped", "ik wil inloggen")
    say(live, "tenant-retyped", other.contract_number)
    say(live, "tenant-retyped", h.postcode)
    assert "niet inloggen" in say(live, "tenant-retyped", f"{h.date_of_birth:%d-%m-%Y}")["text"]
    asked = say(live, "tenant-retyped", h.contract_number.replace("-", ""))["text"]  # typed again, as one word
    assert "postcode" in asked.lower() and "Wat is uw contractnummer" not in asked
    say(live, "tenant-retyped", h.postcode)
    assert "U bent nu ingelogd" in say(live, "tenant-retyped", f"{h.date_of_birth:%d-%m-%Y}")["text"]


def test_portal_token_verifies_without_questions(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100105")
    exp = datetime.now(timezone.utc) + timedelta(minutes=5)
    token = jwt.encode({"sub": str(h.tenant_id), "contract": h.contract_number, "aud": "huurwijzer", "exp": exp},
                       SECRET, algorithm="HS256")
    turn = say(live, "web-tenant", "wat is mijn huur", metadata={"portal_token": token})
    assert "€" in turn["text"] and "contractnummer" not in turn["text"]
    expired = jwt.encode({"sub": str(h.tenant_id), "contract": h.contract_number, "aud": "huurwijzer",
                          "exp": datetime.now(timezone.utc) - timedelta(seconds=1)}, SECRET, algorithm="HS256")
    assert "€" not in say(live, "web-old", "wat is mijn huur", metadata={"portal_token": expired})["text"]


def test_repair_report_is_stored_with_its_reference(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100112")
    log_in(live, "tenant-repair", h, "ik wil een reparatie melden")
    assert "Waar is het" in say(live, "tenant-repair", "de mechanische ventilatie maakt veel lawaai")["text"]
    say(live, "tenant-repair", "keuken")
    say(live, "tenant-repair", "de box op zolder bromt dag en nacht")
    turn = say(live, "tenant-repair", "het kan een paar dagen wachten")
    reference = re.search(r"R-\d{4}-\d{6}", turn["text"])
    assert reference is not None and turn["meta"]["topic"] == "report_repair"
    with Session(live["engine"], future=True) as session:
        stored = {r.reference: r for r in OFFICE.repair_requests(session, "HC-100112")}
    assert stored[reference.group(0)].location == "keuken"
    assert stored[reference.group(0)].object_id == "mechanische-ventilatie"
    assert reference.group(0) in say(live, "tenant-repair", "hoe staat het met mijn reparatieverzoek")["text"]


def test_dont_know_in_the_repair_form_keeps_the_form_and_its_answers(live: Dict[str, Any]) -> None:
    """QA, session 16: "weet ik niet" (read as "no") stopped the form and lost what was said. The form
    stays open: the question is asked again in other words, an unknown room is recorded as such."""
    h, sender = holder(live, "HC-100154"), "tenant-unsure"
    log_in(live, sender, h, "ik wil een reparatie melden")
    again = say(live, sender, "weet ik niet")["text"]
    assert "eigen woorden" in again and "Wat is er kapot" in again and "stop" not in again.split("\n")[0]
    assert "Waar is het" in say(live, sender, "de mechanische ventilatie maakt veel lawaai")["text"]
    turn = say(live, sender, "geen idee")["text"]
    assert "onbekend" in turn and "Beschrijf kort" in turn
    assert "ziet, hoort of ruikt" in say(live, sender, "weet ik niet")["text"]
    say(live, sender, "de box bromt dag en nacht")
    assert "dringend" in say(live, sender, "weet ik niet")["text"]
    turn = say(live, sender, "het kan een paar dagen wachten")
    reference = re.search(r"R-\d{4}-\d{6}", turn["text"])
    assert reference is not None, turn["text"]
    with Session(live["engine"], future=True) as session:
        stored = {r.reference: r for r in OFFICE.repair_requests(session, h.contract_number)}
    request = stored[reference.group(0)]
    assert (request.object_id, request.location) == ("mechanische-ventilatie", "onbekend")
    assert request.description == "de box bromt dag en nacht"


def test_a_tenants_own_job_is_answered_honestly(live: Dict[str, Any]) -> None:
    with Session(live["engine"], future=True) as session:  # without the service subscription
        number = next(n for n in (f"HC-{100000 + i * 7:06d}" for i in range(19, 60))
                      if OFFICE.subscription(session, n) is None)
    log_in(live, "tenant-own", holder(live, number), "ik wil een reparatie melden")
    text = say(live, "tenant-own", "mijn wc-bril is gebroken")["text"]
    assert "klus voor u als huurder" in text and "geen reparatieverzoek" in text


def test_emergency_in_the_repair_form(live: Dict[str, Any]) -> None:
    log_in(live, "tenant-gas", holder(live, "HC-100119"), "ik wil een storing doorgeven")
    turn = say(live, "tenant-gas", "ik ruik gas in de gang")
    assert "0800-9009" in turn["text"] and turn["meta"]["topic"] == "emergency_repair"


def test_tracker_store_keeps_no_answers_tokens_or_personal_answers(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100126")
    log_in(live, "tenant-private", h)
    time.sleep(0.5)
    with sqlite3.connect(live["tracker_db"]) as conn:
        rows = conn.execute("select data from events where sender_id = ?", ("tenant-private",))
        stored = "\n".join(row[0] for row in rows)
    events = [json.loads(line) for line in stored.splitlines()]
    assert events
    assert h.date_of_birth.strftime("%d-%m-%Y") not in stored
    assert h.postcode[:4] + " " + h.postcode[4:] not in stored
    assert h.contract_number not in stored
    assert "eyJ" not in stored  # no JSON web token
    assert "€" not in stored


def test_database_down_gives_an_apology_with_the_phone_number(trained_model: Path,
                                                              tmp_path: Path) -> None:
    env = {"HUURWIJZER_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:9/none"}
    with running_servers(trained_model, tmp_path, env=env) as servers:
        live = {"url": servers.rest_url}
        turn = say(live, "down", "wat is mijn huur")
        assert "storing" in turn["text"] and "088 - 000 12 34" in turn["text"]
        assert "Woongoed Eemdal" in say(live, "down", "hallo")["text"]  # the rest keeps working
        assert servers.all_running()


def test_onboarding_journey_with_a_question_in_between(live: Dict[str, Any]) -> None:
    assert "Stap 1 van 7" in say(live, "new-1", "ik ben nieuwe huurder")["text"]
    assert "Stap 2 van 7" in say(live, "new-1", "verder")["text"]
    turn = say(live, "new-1", "hoe geef ik de meterstanden door?")
    assert turn["meta"]["topic"] == "meter_readings" and "verdergaan met de kennismaking" in turn["text"]
    assert "Stap 2 van 7" in say(live, "new-1", "/start_onboarding")["text"]
    checklist = say(live, "new-1", "wat moet ik nog doen?")
    assert "1 van 7 stappen gedaan" in checklist["text"]
    assert checklist["meta"]["topic"] == "onboarding_first_steps"


def test_the_part_buttons_ask_once(live: Dict[str, Any]) -> None:
    """QA, session 19: after "kraan kapot" the tap's parts came as buttons and the form asked "Wat is er kapot of
    wat werkt er niet?" under them as well. The buttons ask it, once; the choice goes on to the room."""
    sender = "tenant-tap"
    log_in(live, sender, holder(live, "HC-100133"), "ik wil een reparatie melden")
    body = {"sender": sender, "message": "kraan kapot"}
    messages = requests.post(live["url"], json=body, timeout=30).json()
    asked = [m for m in messages if "custom" not in m]
    assert len(asked) == 1 and {b["payload"] for b in asked[0]["buttons"]} == {"kraanleertje", "kraan-vervangen"}
    assert "Wat is er kapot" not in asked[0]["text"] and len([m for m in messages if "custom" in m]) == 1
    assert "Waar is het" in say(live, sender, "kraan-vervangen")["text"]
