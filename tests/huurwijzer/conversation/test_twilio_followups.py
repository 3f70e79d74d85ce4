"""Follow-ups for a corporation that connects WhatsApp through Twilio: through a fake Twilio REST API on
127.0.0.1, the approved template as Twilio Content outside WhatsApp's 24 hours and the profile's text
inside them, basic auth and From/To as Twilio wants them, Twilio's errors as codes only, a template
without a ContentSid said in the run report, and the Cloud API still chosen when it is configured."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from datetime import timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.channels.twilio_whatsapp import TwilioSettings
from bot.channels.whatsapp import WhatsAppSettings, sender_key
from bot.opvolgen_twilio import TwilioFollowUpSender
from huurwijzer.content.followup_plan import FollowUpPlan, PlanError, parse_plan
from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.conversation import followups as fu
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.verification import OutboxNotifier, conversation_key
from tests.fake_http import fake_api
from tests.huurwijzer.conversation import test_followups as followup_tests
from tests.huurwijzer.conversation.test_followups import CONTENT, OFFICE, agree, deliveries, new_tenant, prefer, utc

ROOT = Path(__file__).resolve().parents[3]
db = followup_tests.db  # the fixture: an emptied database
ACCOUNT, TOKEN, FROM = "AC" + "1" * 32, "twilio-token", "+3197010203040"
WEEK_1_SID = "HX" + "a" * 32
CONTENT_SECTION = f"  twilio_content:\n    huurwijzer_week_1: {WEEK_1_SID}\n"


class FakeTwilio(BaseHTTPRequestHandler):
    sent: List[Dict[str, Any]] = []
    status = 201

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        FakeTwilio.sent.append({"path": self.path, "auth": self.headers.get("Authorization"),
                                "type": self.headers.get("Content-Type"), "form": dict(parse_qsl(body))})
        self.send_response(FakeTwilio.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"sid": "SM123", "status": "queued"}' if FakeTwilio.status < 300 else json.dumps(
            {"code": 63016, "status": 400, "message": "Failed to send freeform message to whatsapp:+31612345678 "
             "because you are outside the allowed window"}).encode())

    def log_message(self, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def twilio() -> Iterator[str]:
    with fake_api(FakeTwilio) as address:
        yield address


@pytest.fixture(autouse=True)
def clean() -> None:
    FakeTwilio.sent.clear()
    FakeTwilio.status = 201


def plan(section: str = CONTENT_SECTION) -> FollowUpPlan:
    text = (ROOT / "knowledge" / "corporation.yml").read_text(encoding="utf-8")
    found = parse_plan(load_yaml_text(text.replace("opvolging:\n", "opvolging:\n" + section, 1))["opvolging"])
    assert found is not None
    return found


def whatsapp_tenant(engine: Engine) -> str:
    tenant_id, contract, _ = new_tenant(engine, days_ago=7)
    prefer(engine, tenant_id, "whatsapp")
    agree(engine, tenant_id, contract)
    with Session(engine, future=True) as session:
        return str(OFFICE.contact_details(session, tenant_id).phone)  # type: ignore[union-attr]


def first_name(engine: Engine, phone: str) -> str:
    with Session(engine, future=True) as session:
        return str(session.execute(select(t.tenants.c.first_name).where(t.tenants.c.phone == phone)).scalar_one())


def run_with(engine: Engine, sender: TwilioFollowUpSender, the_plan: FollowUpPlan) -> fu.RunReport:
    senders = fu.senders_by_channel(fu.OutboxSender(OutboxNotifier()), sender)
    return fu.run(engine, OFFICE, the_plan, CONTENT.profile.variables, senders, utc(10), "Europe/Amsterdam")


def sender(url: str, the_plan: FollowUpPlan, last: Optional[timedelta] = None) -> TwilioFollowUpSender:
    return TwilioFollowUpSender(url, ACCOUNT, TOKEN, FROM, the_plan.content_sid,
                                last_inbound=lambda phone: utc(10) - last if last else None)


def opvolgen(engine: Engine, twilio_url: str, tmp_path: Path, section: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot.cli opvolgen` as the timer runs it, with only Twilio configured."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    profile = knowledge / "corporation.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace("opvolging:\n", "opvolging:\n" + section, 1),
                       encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WHATSAPP_", "TWILIO_"))}
    env.update({"HUURWIJZER_DATABASE_URL": engine.url.render_as_string(hide_password=False),
                "HUURWIJZER_KNOWLEDGE_DIR": str(knowledge), "HUURWIJZER_TRACKER_DB": str(tmp_path / "tracker.db"),
                "TWILIO_ACCOUNT_SID": ACCOUNT, "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_WHATSAPP_FROM": FROM,
                "TWILIO_API_URL": twilio_url})
    return subprocess.run([sys.executable, "-m", "bot.cli", "opvolgen", "--nu", utc(11).isoformat(timespec="minutes")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=180)


def test_the_command_sends_the_template_through_twilio_when_only_twilio_is_set(db: Engine, twilio: str,
                                                                               tmp_path: Path) -> None:
    """QA, session 22: with Twilio and no Cloud API every follow-up was "mislukt". Now the template goes as
    Twilio Content, and the delivery holds the conversation the Twilio channel opens for that number."""
    phone = whatsapp_tenant(db)
    done = opvolgen(db, twilio, tmp_path, CONTENT_SECTION)
    assert done.returncode == 0 and "week_1 via whatsapp: 1 verzonden" in done.stdout, done.stdout + done.stderr
    [post] = FakeTwilio.sent
    assert post["path"] == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert post["type"].startswith("application/x-www-form-urlencoded")
    assert post["auth"] == "Basic " + base64.b64encode(f"{ACCOUNT}:{TOKEN}".encode()).decode()
    form = post["form"]
    assert form["From"] == f"whatsapp:{FROM}" and form["To"] == f"whatsapp:{phone}"
    assert form["ContentSid"] == WEEK_1_SID and "Body" not in form
    assert json.loads(form["ContentVariables"]) == {"1": first_name(db, phone)}
    [week_1] = [r for r in deliveries(db) if r.moment == "week_1"]
    assert week_1.status == fu.SENT
    assert week_1.conversation_key == conversation_key(sender_key(TOKEN, phone))  # WHATSAPP_SENDER_KEY unset


def test_a_template_without_a_content_sid_fails_with_a_dutch_note_in_the_run_report(db: Engine, twilio: str,
                                                                                    tmp_path: Path) -> None:
    whatsapp_tenant(db)
    done = opvolgen(db, twilio, tmp_path, "")
    assert done.returncode == 1 and "week_1 via whatsapp: 1 mislukt" in done.stdout, done.stdout + done.stderr
    assert ("Twilio: sjabloon huurwijzer_week_1 (taal nl) heeft geen ContentSid; zet die in "
            "knowledge/corporation.yml bij opvolging.twilio_content") in done.stdout
    assert FakeTwilio.sent == [] and "Traceback" not in done.stderr


def test_inside_the_24_hours_the_profile_text_goes_as_body(db: Engine, twilio: str) -> None:
    phone = whatsapp_tenant(db)
    assert run_with(db, sender(twilio, plan(), last=timedelta(hours=2)), plan()).sent == 1
    [post] = FakeTwilio.sent
    assert "u woont nu een week" in post["form"]["Body"] and "ContentSid" not in post["form"]
    assert post["form"]["To"] == f"whatsapp:{phone}"


def test_a_twilio_error_fails_the_message_with_only_its_codes_in_the_log(db: Engine, twilio: str,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    phone = whatsapp_tenant(db)
    FakeTwilio.status = 400
    with caplog.at_level("ERROR", logger=fu.__name__):
        report = run_with(db, sender(twilio, plan()), plan())
    assert report.failed == 1 and report.sent == 0
    assert [r.status for r in deliveries(db) if r.moment == "week_1"] == [fu.FAILED]
    assert "reason=twilio status 400 code 63016" in caplog.text
    assert phone not in caplog.text and "+31612345678" not in caplog.text and "window" not in caplog.text


def test_the_cloud_api_wins_when_both_are_configured() -> None:
    from bot.opvolgen import WhatsAppTemplateSender, whatsapp_sender

    cloud = WhatsAppSettings("verify", "app-secret", "cloud-token", "555", "http://graph", "wa-key")
    no_cloud = WhatsAppSettings("", "", "", "", "http://graph", "")
    twilio = TwilioSettings(TOKEN, "", TOKEN, account_sid=ACCOUNT, whatsapp_from=FROM)
    keys: List[str] = []

    def last_for(key: str) -> Any:
        keys.append(key)
        return lambda phone: None

    chosen, key = whatsapp_sender(cloud, twilio, plan(), last_for)
    assert isinstance(chosen, WhatsAppTemplateSender) and key == "wa-key"
    chosen, key = whatsapp_sender(no_cloud, twilio, plan(), last_for)
    assert isinstance(chosen, TwilioFollowUpSender) and key == TOKEN
    chosen, key = whatsapp_sender(no_cloud, TwilioSettings(TOKEN, "", TOKEN), plan(), last_for)
    assert isinstance(chosen, WhatsAppTemplateSender)  # neither: it says WHATSAPP_ACCESS_TOKEN is missing
    assert keys == ["wa-key", TOKEN, ""]


def test_staff_set_a_content_sid_per_template_and_language() -> None:
    both = plan(f"  twilio_content:\n    huurwijzer_week_1:\n      nl: {WEEK_1_SID}\n      en: HX{'b' * 32}\n")
    assert both.content_sid("huurwijzer_week_1", "en") == "HX" + "b" * 32
    assert both.content_sid("huurwijzer_week_1", "nl") == WEEK_1_SID
    assert both.content_sid("huurwijzer_week_6", "nl") is None
    assert plan().content_sid("huurwijzer_week_1", "en") == WEEK_1_SID  # one for every language
    with pytest.raises(PlanError, match="geen sjabloon met die naam"):
        plan(f"  twilio_content:\n    huurwijzer_week_7: {WEEK_1_SID}\n")
    with pytest.raises(PlanError, match="begint met HX"):
        plan("  twilio_content:\n    huurwijzer_week_1: SM123\n")
    assert plan(f"  twilio_content:\n    huurwijzer_reparatie_klaar: {WEEK_1_SID}\n").content_sid(
        "huurwijzer_reparatie_klaar", "nl") == WEEK_1_SID

