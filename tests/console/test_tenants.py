"""The console's tenant page (preferences, open tasks, choices, consent, follow-ups, repair scores;
every view logged), the feedback page ("U vroeg, wij deden", the reward programme's agreement)
and the dashboard's scores after repairs; and the tenant page in Debian's Chromium."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any, Dict, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, insert, select
from sqlalchemy.orm import Session

from console.app import ConsoleConfig
from huurwijzer.content import maatwerk_profile as mp
from huurwijzer.content.loader import build_content
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation import maatwerk as mw
from huurwijzer.conversation import repair_feedback as rf
from huurwijzer.conversation.choices import choose
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.access_log import tenant_views
from huurwijzer.tenancy.backoffice import NewRepairRequest, SqlBackOffice
from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.seed import seed
from tests.console.conftest import PASSWORDS, ROOT, csrf

CONTRACT = "HC-100084"
WORDING = "Mogen wij u de eerste drie maanden een paar korte berichten sturen via WhatsApp?"
NOW = datetime(2026, 11, 23, 10)


@pytest.fixture()
def tenant(console_config: ConsoleConfig) -> Dict[str, Any]:
    """A tenant in the console's database with preferences, tasks, a choice, consent, a follow-up
    and a scored repair."""
    engine = create_engine(console_config.database_url, future=True)
    seed(engine, date(2026, 11, 22))
    ensure_state_tables(engine)
    office = SqlBackOffice()
    content = build_content(ROOT / "knowledge")
    assert content.maatwerk is not None
    with Session(engine, future=True) as session, session.begin():
        h = office.contract_holders(session, CONTRACT)[0]
        session.execute(delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == h.tenant_id))
        session.execute(insert(t.contact_preferences).values(tenant_id=h.tenant_id, channel="telefoon",
                                                             preferred_times="ochtend", language_help=True,
                                                             wants_money_help=True, care_needs=None))
        money = mw.create_task(session, content.maatwerk, h.tenant_id, mp.MONEY, NOW, NOW.date(), ())
        mw.create_task(session, content.maatwerk, h.tenant_id, mp.LATER_DEBIT, NOW, NOW.date(), ())
        choose(session, h.tenant_id, "schilderwerk", "verfbonnen", NOW)
        fu.give_consent(session, h.tenant_id, CONTRACT, WORDING, NOW)
        session.execute(insert(t.followup_deliveries).values(tenant_id=h.tenant_id, moment="week_1", status=fu.SENT,
                                                             channel="sms", claimed_at=NOW, sent_at=NOW,
                                                             answer=fu.ALL_GOOD, answered_at=NOW))
        session.execute(insert(t.followup_deliveries).values(tenant_id=h.tenant_id, moment="maand_3", status=fu.SENT,
                                                             channel="sms", claimed_at=NOW, sent_at=NOW,
                                                             answer=fu.score_answer(8), answered_at=NOW))
        reference = office.create_repair_request(session, CONTRACT, NewRepairRequest("cv-ketel", "zolder", "storing",
                                                                                     "normaal"), NOW)
        event = office.complete_repair(session, reference, NOW)
        assert event is not None
        rf.repair_completed(session, event)
        session.execute(t.repair_feedback.update().values(asked_at=NOW))
        rf.save_score(session, reference, rf.Score(7, "netjes gedaan"), NOW)
    yield {"tenant_id": h.tenant_id, "money_task": money.id, "engine": engine, "reference": reference}
    engine.dispose()


def test_staff_see_preferences_tasks_and_choices_and_each_view_is_logged(
        tenant: Dict[str, Any], clients: Dict[str, FlaskClient]) -> None:
    eva = clients["eva"]
    found = eva.get(f"/huurders?zoek={CONTRACT.lower()}")
    assert found.status_code == 302 and found.headers["Location"].endswith(f"/huurders/{tenant['tenant_id']}")
    page = eva.get(f"/huurders/{tenant['tenant_id']}").get_data(as_text=True)
    assert "Hulp bij geldzaken</dt><dd>ja" in page and "Eenvoudige taal</dt><dd>ja" in page
    assert "Terugbellen over geldzaken (vroeghulp)" in page and "Incasso later in de maand" in page
    assert "telefoon, ochtend" in page
    assert "Ik wil verfbonnen" in page
    assert WORDING in page and "alles in orde" in page
    assert "<td>maand_3</td>" in page and "<td>cijfer 8</td>" in page  # the month-3 score
    assert "netjes gedaan" in page and tenant["reference"] in page
    assert 'data-pii="naam"' in page  # personal data marked where it is rendered
    clients["rob"].get(f"/huurders/{tenant['tenant_id']}")
    with Session(tenant["engine"], future=True) as session:
        views = session.execute(select(tenant_views.c.username, tenant_views.c.tenant_id)).all()
    assert [(v.username, v.tenant_id) for v in views] == [("eva", tenant["tenant_id"]), ("rob", tenant["tenant_id"])]
    again = eva.get(f"/huurders/{tenant['tenant_id']}").get_data(as_text=True)
    assert again.count("<li>rob,") == 1 and again.count("<li>eva,") == 1  # the views before this one
    with Session(tenant["engine"], future=True) as session:
        assert len(session.execute(select(tenant_views.c.id)).all()) == 3
    assert eva.get("/huurders/999999").status_code == 404


def test_a_task_is_finished_from_the_tenant_page(tenant: Dict[str, Any], clients: Dict[str, FlaskClient]) -> None:
    eva = clients["eva"]
    path = f"/huurders/{tenant['tenant_id']}"
    token = csrf(eva, path)
    done = eva.post(f"{path}/taken/{tenant['money_task']}/afgerond", data={"csrf_token": token})
    assert done.status_code == 302
    page = eva.get(path).get_data(as_text=True)
    assert "Terugbellen over geldzaken" not in page and "Incasso later in de maand" in page
    assert "Terugbellen over geldzaken" not in eva.get("/huurders").get_data(as_text=True)


def test_feedback_notes_are_published_and_the_agreement_shown(tenant: Dict[str, Any],
                                                             clients: Dict[str, FlaskClient]) -> None:
    eva = clients["eva"]
    token = csrf(eva, "/feedback")
    assert "Schrijf een notitie" in eva.post("/feedback", data={"csrf_token": token, "notitie": "kort"},
                                             follow_redirects=True).get_data(as_text=True)
    note = "Op uw verzoek komt de monteur nu ook 's avonds tot 20:00 uur."
    page = eva.post("/feedback", data={"csrf_token": token, "notitie": note},
                    follow_redirects=True).get_data(as_text=True)
    assert "Gepubliceerd" in page and "komt de monteur nu ook" in page
    assert "afgestemd met Huurdersvereniging Eemdal op 14-10-2026" in page and "staat uit" in page
    with Session(tenant["engine"], future=True) as session:
        [saved] = rf.notes(session)
    assert saved.author == "eva" and "20:00" in saved.text


def test_the_dashboard_shows_scores_per_repair_type_and_month(tenant: Dict[str, Any],
                                                              clients: Dict[str, FlaskClient]) -> None:
    page = clients["eva"].get("/dashboard?van=2026-11-01&tot=2026-11-30").get_data(as_text=True)
    assert "Cijfers na reparaties" in page and "2026-11" in page and "7.0" in page and "100%" in page
    csv = clients["eva"].get("/dashboard.csv?van=2026-11-01&tot=2026-11-30").get_data(as_text=True)
    assert "reparatiecijfer gemiddeld;2026-11 " in csv and ";7.00" in csv and "reparatiecijfer respons" in csv


# --- in the browser ------------------------------------------------------------------------------

@pytest.fixture()
def served(app: Flask, tenant: Dict[str, Any]) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_tenant_page_in_the_browser(served: str, tenant: Dict[str, Any], browser: Any) -> None:
    page = browser.new_page()
    page.goto(served + "/huurders")
    page.get_by_label("Gebruikersnaam").fill("rob")  # only after logging in
    page.get_by_label("Wachtwoord").fill(PASSWORDS["rob"])
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("heading", name="Huurders").wait_for()
    page.get_by_label("Contractnummer of huurdernummer").fill(CONTRACT)
    page.get_by_role("button", name="Zoek huurder").click()
    page.get_by_role("heading", name="Voorkeuren (maatwerk)").wait_for()
    tasks = page.locator("#taken")
    assert "Terugbellen over geldzaken" in tasks.inner_text()
    tasks.get_by_role("row", name="Terugbellen over geldzaken").get_by_role("button", name="Afgerond").click()
    page.get_by_text("Taak afgerond.").wait_for()
    assert "Terugbellen over geldzaken" not in page.locator("#taken").inner_text()
    assert "rob," in page.locator("#bekeken").inner_text()
    assert WORDING in page.content()



def test_staff_see_the_repair_requests_a_tenant_filed_and_withdrew(tenant: Dict[str, Any],
                                                                    clients: Dict[str, FlaskClient]) -> None:
    """QA, session 18: a request filed or withdrawn in the chat was nowhere in the console."""
    office = SqlBackOffice()
    with Session(tenant["engine"], future=True) as session, session.begin():
        withdrawn = office.create_repair_request(session, CONTRACT, NewRepairRequest(
            "raam", "slaapkamer", "raam sluit niet meer goed", "normaal"), datetime(2026, 11, 24, 9))
        assert office.withdraw_repair_request(session, CONTRACT, withdrawn) == "ingetrokken"
        open_one = office.create_repair_request(session, CONTRACT, NewRepairRequest(
            "kraanleertje", "keuken", "kraan drupt de hele dag", "spoed"), datetime(2026, 11, 25, 9))
    page = clients["eva"].get(f"/huurders/{tenant['tenant_id']}").get_data(as_text=True)
    table = page[page.index('id="reparatieverzoeken"'):page.index("Cijfers na reparaties")]
    assert withdrawn in table and "ingetrokken door de huurder" in table and "raam sluit niet meer goed" in table
    assert open_one in table and "<td>gemeld</td>" in table and "spoed" in table and "25-11-2026 09:00" in table
    assert tenant["reference"] in table and "uitgevoerd" in table  # the completed one of the fixture
    assert table.index(open_one) < table.index(withdrawn)  # newest first
    assert 'data-pii="omschrijving"' in table  # what the tenant wrote is marked as personal data


def test_problems_reported_in_answer_to_a_follow_up_are_listed_for_staff(
        tenant: Dict[str, Any], clients: Dict[str, FlaskClient]) -> None:
    """A tenant who answered "there is a problem" and then did not finish the report reached no one: the problem
    showed only on their own page (QA, session 20). The Huurders page lists it, unfiled ones first."""
    answered = datetime.now() - timedelta(days=1)
    with Session(tenant["engine"], future=True) as session, session.begin():
        session.execute(insert(t.followup_deliveries).values(tenant_id=tenant["tenant_id"], moment="maand_1",
                                                             status=fu.SENT, channel="whatsapp", claimed_at=answered,
                                                             sent_at=answered, answer=fu.PROBLEM, answered_at=answered))
    page = clients["rob"].get("/huurders").get_data(as_text=True)
    listed = page.split("Problemen gemeld na een opvolgbericht")[1]
    assert "<td>maand_1</td><td>nog niet</td>" in listed and f"Huurder {tenant['tenant_id']}</a>" in listed
    with Session(tenant["engine"], future=True) as session, session.begin():
        SqlBackOffice().create_repair_request(session, CONTRACT, NewRepairRequest("kraanleertje", "keuken", "lekt",
                                                                                  "normaal"), datetime.now())
    again = clients["rob"].get("/huurders").get_data(as_text=True).split("Problemen gemeld na een opvolgbericht")[1]
    assert "<td>maand_1</td><td>ja</td>" in again
