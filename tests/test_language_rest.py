"""Over HTTP with the trained model: English questions get English answers, other languages a
short message in their language, the repair form asks only what the first message did not say,
and a logged-in tenant asking about arrears hears their own status."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterator

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.servers import running_servers
from huurwijzer.content.dutch_format import format_money
from huurwijzer.content.loader import build_content
from huurwijzer.tenancy import schema as t
from tests.seeded_tenancy import seeded_tenancy
from tests.test_personal_rest import OFFICE, holder, log_in, say

ROOT = Path(__file__).resolve().parent.parent
PHONE = build_content(ROOT / "knowledge").profile.variables["telefoon"]


@pytest.fixture(scope="module")
def live(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Dict[str, Any]]:
    folder = tmp_path_factory.mktemp("language")
    with seeded_tenancy(folder) as db, running_servers(trained_model, folder, env=db.env) as servers:
        yield {"url": servers.rest_url, "engine": db.engine}


def test_english_question_gets_an_english_entry_answer(live: Dict[str, Any]) -> None:
    turn = say(live, "en-1", "Can I keep a cat in my apartment?")
    assert turn["meta"]["topic"] == "pets" and turn["meta"]["knowledge_id"] == "huisdieren"
    assert "Damage caused by your pet" in turn["text"]
    assert "You're welcome" in say(live, "en-1", "thanks!")["text"]  # a short reply stays English


def test_english_onboarding(live: Dict[str, Any]) -> None:
    turn = say(live, "en-2", "Hello, I am a new tenant, what do I need to do?")
    assert "Welcome and who we are" in turn["text"] and "Welcome to your new home!" in turn["text"]


def test_german_gets_the_short_german_message(live: Dict[str, Any]) -> None:
    turn = say(live, "de-1", "Darf ich in meiner Wohnung eine Katze halten?")
    assert "Leider kann ich nur auf Niederländisch und Englisch antworten" in turn["text"]
    assert PHONE in turn["text"] and turn["meta"]["topic"] == "human_handover"


def test_dutch_stays_dutch(live: Dict[str, Any]) -> None:
    turn = say(live, "nl-1", "mag ik een kat houden in mijn flat?")
    assert turn["meta"]["topic"] == "pets" and "Schade door uw huisdier" in turn["text"]


def test_log_uit_after_english_messages_is_answered_in_dutch(live: Dict[str, Any]) -> None:
    """QA, session 13: the short Dutch "log uit" kept the English of the messages before it."""
    assert "Damage caused by your pet" in say(live, "en-out", "Can I keep a cat in my apartment?")["text"]
    assert "U was niet ingelogd" in say(live, "en-out", "log uit")["text"]
    assert "You were not logged in" in say(live, "en-out", "log out")["text"]


def test_repair_form_asks_only_what_is_missing(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100105")
    after_login = log_in(live, "prefill-live", h,
                         "Ik wil een reparatie melden: het raamkozijn in de slaapkamer is verrot")
    assert "Hoe dringend is het?" in after_login
    assert "Waar is het" not in after_login and "Wat is er kapot" not in after_login
    turn = say(live, "prefill-live", "het kan een paar dagen wachten")
    reference = re.search(r"R-\d{4}-\d{6}", turn["text"])
    assert reference is not None, turn["text"]
    with Session(live["engine"], future=True) as session:
        stored = {r.reference: r for r in OFFICE.repair_requests(session, "HC-100105")}
    request = stored[reference.group(0)]
    assert request.object_id == "kozijn" and request.location == "slaapkamer"
    assert request.description == "het raamkozijn in de slaapkamer is verrot"


def _contract(live: Dict[str, Any], arrears: bool) -> str:
    with Session(live["engine"], future=True) as session:
        for number in session.execute(select(t.contracts.c.contract_number)).scalars():
            status = OFFICE.rent_status(session, number, date.today())
            if status is not None and (status.arrears > 0) == arrears and OFFICE.contract_holders(session, number):
                return str(number)
    raise AssertionError("no such contract in the seed")


@pytest.mark.parametrize("arrears", [False, True])
def test_logged_in_tenant_asking_about_arrears_hears_their_own_status(live: Dict[str, Any], arrears: bool) -> None:
    number = _contract(live, arrears)
    sender = f"arrears-{arrears}"
    log_in(live, sender, holder(live, number), "ik wil inloggen")
    turn = say(live, sender, "heb ik een achterstand?")
    assert turn["meta"]["topic"] == "rent_payment"
    assert "Fijn dat u het meldt" not in turn["text"]
    if arrears:
        with Session(live["engine"], future=True) as session:
            status = OFFICE.rent_status(session, number, date.today())
        assert status is not None and f"Er staat nog {format_money(status.arrears)} open" in turn["text"]
    else:
        assert "U heeft geen betalingsachterstand" in turn["text"]


def test_an_english_conversation_gets_the_login_and_repair_questions_in_english(live: Dict[str, Any]) -> None:
    h = holder(live, "HC-100112")
    sender = "en-repair"
    assert "Damage caused by your pet" in say(live, sender, "Can I keep a cat in my apartment?")["text"]
    asked = say(live, sender, "/start_repair_report")["text"]
    assert "First I need to be sure it is you" in asked and "What is your contract number?" in asked
    assert "What is the postcode of your home?" in say(live, sender, h.contract_number)["text"]
    assert "What is your date of birth?" in say(live, sender, f"{h.postcode[:4]} {h.postcode[4:]}")["text"]
    logged_in = say(live, sender, f"{h.date_of_birth:%d-%m-%Y}")["text"]
    assert "You are now logged in" in logged_in and "What is broken or not working?" in logged_in
    assert "Where is it?" in say(live, sender, "cv-ketel")["text"]
    assert "Briefly describe what is wrong" in say(live, sender, "keuken")["text"]
    assert "How urgent is it?" in say(live, sender, "the boiler gives an error and there is no hot water")["text"]
    done = say(live, sender, "it can wait a few days")["text"]
    assert "Your repair request has been reported" in done and re.search(r"R-\d{4}-\d{6}", done)
    assert "Okay, I will stop" not in done and "Uw " not in done
