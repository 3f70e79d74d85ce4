"""Follow-ups after the keys: the schedule in the profile, quiet hours and the tenant's times,
consent and "stop", WhatsApp template messages through a fake Graph API on 127.0.0.1, other
channels into the outbox, and at most one message per tenant and moment, also with two runs or
two processes at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from datetime import date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Dict, Iterator, List, Tuple

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.opvolgen import STOP_PAYLOAD, WhatsAppTemplateSender
from huurwijzer.content.followup_plan import PlanError, parse_plan, render_moment
from huurwijzer.content.loader import build_content
from huurwijzer.conversation import followups as fu
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.backoffice import SqlBackOffice
from huurwijzer.tenancy.database import ensure_state_tables
from huurwijzer.tenancy.verification import OutboxNotifier
from tests.fake_http import fake_api
from tests.huurwijzer.conftest import TODAY

ROOT = Path(__file__).resolve().parents[3]
CONTENT = build_content(ROOT / "knowledge")
PLAN = CONTENT.followups
OFFICE = SqlBackOffice()
WORDING = "Mogen wij u berichten sturen? (test)"


class FakeGraph(BaseHTTPRequestHandler):
    sent: List[Dict[str, Any]] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        FakeGraph.sent.append({"path": self.path, "auth": self.headers.get("Authorization"), "json": json.loads(body)})
        self.send_response(FakeGraph.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"messages": [{"id": "wamid.fake"}]}' if FakeGraph.status == 200
                         else b'{"error": {"message": "(#132001) Template name does not exist"}}')

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def graph() -> Iterator[str]:
    with fake_api(FakeGraph) as address:
        yield f"{address}/v19.0"


@pytest.fixture()
def db(engine: Engine) -> Engine:
    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        for table in (t.followup_deliveries, t.followup_consents, t.outbox_messages, t.contact_preferences):
            session.execute(delete(table))
    FakeGraph.sent.clear()
    FakeGraph.status = 200
    return engine


def new_tenant(engine: Engine, days_ago: int = 7) -> Tuple[int, str, date]:
    """A seeded tenant with a phone whose contract started `days_ago` days before TODAY (moved)."""
    c, ct, tn = t.contracts, t.contract_tenants, t.tenants
    with Session(engine, future=True) as session, session.begin():
        row = session.execute(select(tn.c.id, c.c.contract_number).join(ct, ct.c.tenant_id == tn.c.id)
                              .join(c, c.c.id == ct.c.contract_id)
                              .where(tn.c.phone.is_not(None), c.c.end_date.is_(None)).order_by(c.c.id)).first()
        start = TODAY - timedelta(days=days_ago)
        session.execute(update(c).where(c.c.contract_number == row.contract_number).values(start_date=start))
    return row.id, row.contract_number, start


def prefer(engine: Engine, tenant_id: int, channel: str, times: str | None = None) -> None:
    with Session(engine, future=True) as session, session.begin():
        session.execute(delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == tenant_id))
        session.execute(insert(t.contact_preferences).values(tenant_id=tenant_id, channel=channel,
                                                             preferred_times=times, language_help=False,
                                                             wants_money_help=False))


def agree(engine: Engine, tenant_id: int, contract: str) -> None:
    with Session(engine, future=True) as session, session.begin():
        fu.give_consent(session, tenant_id, contract, WORDING, datetime(2026, 11, 1, 9))


def senders(graph_url: str) -> Dict[str, fu.Sender]:
    return fu.senders_by_channel(fu.OutboxSender(OutboxNotifier()),
                                 WhatsAppTemplateSender(graph_url, "555", "token-123"))


def utc(local_hour: int, day: date = TODAY) -> datetime:
    """TODAY at `local_hour` in Amsterdam (UTC+1 in November), as naive UTC."""
    return datetime(day.year, day.month, day.day, local_hour) - timedelta(hours=1)


def run(engine: Engine, graph_url: str, at: datetime) -> fu.RunReport:
    assert PLAN is not None
    return fu.run(engine, OFFICE, PLAN, CONTENT.profile.variables, senders(graph_url), at, "Europe/Amsterdam",
                  lambda phone: "conversation-of-" + phone)


def deliveries(engine: Engine) -> List[Any]:
    d = t.followup_deliveries
    with Session(engine, future=True) as session:
        return list(session.execute(select(d.c.tenant_id, d.c.moment, d.c.status, d.c.channel, d.c.conversation_key)))


def outbox(engine: Engine) -> List[Any]:
    o = t.outbox_messages
    with Session(engine, future=True) as session:
        return list(session.execute(select(o.c.channel, o.c.recipient, o.c.body)))


# --- the schedule in the profile ---------------------------------------------------------------------

def test_the_shipped_profile_has_a_schedule_whose_texts_all_render() -> None:
    assert PLAN is not None and PLAN.enabled
    assert [m.days for m in PLAN.moments] == [0, 7, 42, 91]
    for moment in PLAN.moments:
        text = render_moment(moment, CONTENT.profile.variables, "Anna")
        assert "Anna" in text and "{" not in text
    week = next(m for m in PLAN.moments if m.id == "week_1")
    assert CONTENT.profile.variables["norm_afspraak"] in render_moment(week, CONTENT.profile.variables, "A")


def test_a_broken_schedule_is_refused_with_a_dutch_message() -> None:
    good = {"aan": True, "stille_uren": "20:00-09:00", "tijden": {"standaard": "10:00-16:00"},
            "momenten": [{"id": "a", "na_dagen": 7, "doel": "x", "tekst": "y", "whatsapp_sjabloon": "z"}]}
    assert parse_plan(good) is not None and parse_plan(None) is None
    with pytest.raises(PlanError, match="stille uren"):
        parse_plan({**good, "tijden": {"standaard": "07:00-12:00"}})
    with pytest.raises(PlanError, match="na_dagen"):
        parse_plan({**good, "momenten": [{**good["momenten"][0], "na_dagen": -1}]})


def test_the_latest_due_moment_goes_and_missed_ones_are_skipped() -> None:
    assert PLAN is not None
    start = date(2026, 9, 1)
    assert PLAN.due(start, start - timedelta(days=1), []) == (None, ())
    moment, missed = PLAN.due(start, start + timedelta(days=43), [])
    assert moment is not None and moment.id == "week_6" and [m.id for m in missed] == ["sleuteldag", "week_1"]
    assert PLAN.due(start, start + timedelta(days=43), ["sleuteldag", "week_1", "week_6"]) == (None, ())
    moment, missed = PLAN.due(start, start + timedelta(days=7 + PLAN.late_days + 1), ["sleuteldag"])
    assert moment is None and [m.id for m in missed] == ["week_1"]  # too late to still send


def test_quiet_hours_win_over_the_tenants_times() -> None:
    assert PLAN is not None
    evening, morning = PLAN.window_for("na 17:00"), PLAN.window_for("ochtend")
    day = datetime(2026, 11, 22)
    assert PLAN.may_send_at("na 17:00", day.replace(hour=17, minute=30))
    assert not PLAN.may_send_at("na 17:00", day.replace(hour=20, minute=30))  # quiet from 20:00
    assert not PLAN.may_send_at("na 17:00", day.replace(hour=10))  # not at a time they did not choose
    assert PLAN.may_send_at("ochtend", day.replace(hour=9, minute=5))
    assert not PLAN.may_send_at("ochtend", day.replace(hour=8, minute=55))  # quiet until 09:00
    assert not PLAN.may_send_at(None, day.replace(hour=3))
    assert evening.start.hour == 17 and morning.end.hour == 12


# --- consent and stop ---------------------------------------------------------------------------------

def test_nothing_is_sent_without_consent(db: Engine, graph: str) -> None:
    tenant_id, _, _ = new_tenant(db)
    prefer(db, tenant_id, "whatsapp")
    report = run(db, graph, utc(11))
    assert report.sent == 0 and FakeGraph.sent == [] and outbox(db) == [] and deliveries(db) == []


def test_consent_keeps_date_and_wording_and_stop_ends_everything(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db)
    prefer(db, tenant_id, "e-mail")
    agree(db, tenant_id, contract)
    with Session(db, future=True) as session:
        given = fu.consent(session, tenant_id)
    assert given is not None and given.wording == WORDING and given.given_at == datetime(2026, 11, 1, 9)
    with Session(db, future=True) as session, session.begin():
        assert fu.stop(session, tenant_id, utc(10)) is True
        assert fu.stop(session, tenant_id, utc(10)) is False  # already stopped
    report = run(db, graph, utc(11))
    assert report.sent == 0 and outbox(db) == [] and FakeGraph.sent == []


# --- sending ------------------------------------------------------------------------------------------

def test_whatsapp_goes_as_a_template_through_the_graph_api_once(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp", "ochtend")
    agree(db, tenant_id, contract)
    first = run(db, graph, utc(10))
    assert first.sent == 1 and first.skipped == 1  # week_1 now; the key day was missed (consent came later)
    assert len(FakeGraph.sent) == 1
    post = FakeGraph.sent[0]
    assert post["path"] == "/v19.0/555/messages" and post["auth"] == "Bearer token-123"
    body = post["json"]
    assert body["type"] == "template" and body["template"]["name"] == "huurwijzer_week_1"
    assert body["template"]["language"] == {"code": "nl"}
    with Session(db, future=True) as session:
        details = OFFICE.contact_details(session, tenant_id)
    assert details is not None and details.phone is not None
    assert body["to"] == details.phone.lstrip("+")
    assert body["template"]["components"][0]["parameters"][0]["text"] == details.first_name
    assert body["template"]["components"][1]["parameters"][0]["payload"] == STOP_PAYLOAD
    # Run again (cron every 15 minutes), also later that day: nothing goes twice.
    second, third = run(db, graph, utc(10)), run(db, graph, utc(11))
    assert second.sent == third.sent == 0 and len(FakeGraph.sent) == 1
    rows = [r for r in deliveries(db) if r.moment == "week_1"]
    assert len(rows) == 1 and rows[0].status == fu.SENT and rows[0].conversation_key == "conversation-of-" + \
        details.phone


def test_outside_the_chosen_times_it_waits_and_sends_later(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp", "na 17:00")
    agree(db, tenant_id, contract)
    assert run(db, graph, utc(10)).not_now == 1 and FakeGraph.sent == []
    assert run(db, graph, utc(21)).not_now == 1 and FakeGraph.sent == []  # quiet hours
    assert run(db, graph, utc(18)).sent == 1 and len(FakeGraph.sent) == 1


def test_other_channels_go_through_the_notifier_into_the_outbox(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=0)
    prefer(db, tenant_id, "brief")  # no follow-up by letter: the portal message
    agree(db, tenant_id, contract)
    assert run(db, graph, utc(11)).sent == 1
    [(channel, recipient, body)] = outbox(db)
    assert channel == "portaal" and recipient == f"huurder:{tenant_id}" and "Welkom in uw nieuwe woning" in body
    assert FakeGraph.sent == []


def test_a_refused_template_is_tried_again_by_the_next_run(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp")
    agree(db, tenant_id, contract)
    FakeGraph.status = 400
    assert run(db, graph, utc(11)).failed == 1
    assert [r.status for r in deliveries(db) if r.moment == "week_1"] == [fu.FAILED]
    FakeGraph.status = 200
    assert run(db, graph, utc(12)).sent == 1
    assert [r.status for r in deliveries(db) if r.moment == "week_1"] == [fu.SENT]
    assert len(FakeGraph.sent) == 2 and run(db, graph, utc(13)).sent == 0


def test_two_runs_at_the_same_moment_claim_each_message_once(db: Engine) -> None:
    """Two servers racing for the same (tenant, moment): the unique key lets exactly one win."""
    barrier, wins = threading.Barrier(8), []

    def claim() -> None:
        barrier.wait()
        wins.append(fu.claim(db, 424242, "week_1", fu.SENDING, "portaal", None, utc(10)))

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_two_processes_running_the_command_send_once(db: Engine, graph: str, tmp_path: Path) -> None:
    """`python -m bot.cli opvolgen` started twice at once (two servers' timers) sends one message."""
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp")
    agree(db, tenant_id, contract)
    env = {**os.environ, "HUURWIJZER_DATABASE_URL": db.url.render_as_string(hide_password=False),
           "WHATSAPP_API_URL": graph, "WHATSAPP_ACCESS_TOKEN": "token-123", "WHATSAPP_PHONE_NUMBER_ID": "555",
           "WHATSAPP_APP_SECRET": "secret", "HUURWIJZER_KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    command = [sys.executable, "-m", "bot.cli", "opvolgen", "--nu", utc(11).isoformat(timespec="minutes")]
    runs = [subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=120)[0] for p in runs]
    assert [p.returncode for p in runs] == [0, 0], outputs
    assert len(FakeGraph.sent) == 1, outputs
    assert sum("1 verzonden" in out for out in outputs) == 1, outputs
    assert [r.status for r in deliveries(db) if r.moment == "week_1"] == [fu.SENT]


def test_inside_the_24_hour_window_the_text_goes_as_a_normal_message(db: Engine, graph: str,
                                                                    tmp_path: Path) -> None:
    """The tenant wrote an hour ago (Rasa's tracker store says so): free text is allowed, so the
    profile's own text goes; 30 hours ago: the template."""
    from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine

    from bot.opvolgen import last_inbound_from

    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp")
    agree(db, tenant_id, contract)
    with Session(db, future=True) as session:
        phone = str(OFFICE.contact_details(session, tenant_id).phone)  # type: ignore[union-attr]
    tracker = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    events = Table("events", MetaData(), Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
                   Column("type_name", String(255)), Column("timestamp", Float))
    events.metadata.create_all(tracker)
    wrote = utc(10) - timedelta(hours=1)
    with tracker.begin() as conn:
        conn.execute(insert(events).values(sender_id="wa-" + phone, type_name="user",
                                           timestamp=wrote.replace(tzinfo=timezone.utc).timestamp()))
        conn.execute(insert(events).values(sender_id="wa-" + phone, type_name="bot",
                                           timestamp=(wrote + timedelta(minutes=50)).replace(
                                               tzinfo=timezone.utc).timestamp()))
    last = last_inbound_from(str(tracker.url), lambda number: "wa-" + number)
    assert last(phone) == wrote and last("+31600000000") is None
    sender = WhatsAppTemplateSender(graph, "555", "token-123", last_inbound=last)
    assert PLAN is not None
    senders_ = fu.senders_by_channel(fu.OutboxSender(OutboxNotifier()), sender)
    assert fu.run(db, OFFICE, PLAN, CONTENT.profile.variables, senders_, utc(10), "Europe/Amsterdam").sent == 1
    [post] = FakeGraph.sent
    assert post["json"]["type"] == "text" and "u woont nu een week" in post["json"]["text"]["body"]
    late = WhatsAppTemplateSender(graph, "555", "token-123", last_inbound=lambda number: utc(10) - timedelta(hours=30))
    message = fu.Outgoing(tenant_id, "x", "whatsapp", phone, "tekst", "huurwijzer_week_1", "nl", "Anna")
    with Session(db, future=True) as session:
        late.send(session, message, utc(10))
    assert FakeGraph.sent[-1]["json"]["type"] == "template"
    tracker.dispose()


def test_the_run_tells_staff_what_went_out_without_tenant_ids(db: Engine, graph: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """The output (cron mails it, var/opvolgen.log keeps it) and the log count per moment and
    channel; which tenant got what stays in the database (the console's tenant page)."""
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    prefer(db, tenant_id, "whatsapp")
    agree(db, tenant_id, contract)
    FakeGraph.status = 400
    with caplog.at_level("ERROR", logger=fu.__name__):
        refused = run(db, graph, utc(11))
    FakeGraph.status = 200
    sent = run(db, graph, utc(12))
    assert refused.lines == ["week_1 via whatsapp: 1 mislukt"]
    assert sent.lines == ["week_1 via whatsapp: 1 verzonden"]
    [record] = [r for r in caplog.records if r.getMessage().startswith("followup.send_failed")]
    assert record.getMessage() == "followup.send_failed moment=week_1 channel=whatsapp reason=status 400 code None " \
                                  "subcode None"
    assert f"huurder {tenant_id}" not in "\n".join(refused.lines + sent.lines)
