"""Follow-ups and the repair-score question in the tenant's stored language: a tenant who conversed in
English gets the moment's English text (with the profile's English wording) and the English repair
question; a Dutch tenant, or one whose English text is outdated, gets Dutch (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Dict

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.fixed_twins import fixed_twin_problems
from huurwijzer.content.followup_plan import parse_plan
from huurwijzer.content.knowledge import load_yaml_text
from huurwijzer.content.loader import Content
from huurwijzer.conversation import followups as fu
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.tenant_language import remember, tenant_languages
from tests.huurwijzer.conversation import test_followups as followup_tests
from tests.huurwijzer.conversation.test_followups import (
    CONTENT,
    OFFICE,
    FakeGraph,
    agree,
    new_tenant,
    outbox,
    prefer,
    senders,
    utc,
)
from tests.huurwijzer.support import NOW, emptied, holder

ROOT = Path(__file__).resolve().parents[3]
db, graph = followup_tests.db, followup_tests.graph  # the fixtures: an emptied database, the fake Graph API


def speaks(engine: Engine, tenant_id: int, language: str) -> None:
    with Session(engine, future=True) as session, session.begin():
        remember(session, tenant_id, language, NOW - timedelta(days=20))


def raw_plan() -> Dict[str, Any]:
    return dict(load_yaml_text((ROOT / "knowledge" / "corporation.yml").read_text(encoding="utf-8"))["opvolging"])


def run(engine: Engine, graph_url: str, plan: Any = None) -> fu.RunReport:
    return fu.run(engine, OFFICE, plan or CONTENT.followups, CONTENT.profile.variables, senders(graph_url), utc(10),
                  "Europe/Amsterdam", lambda phone: "conversation-of-" + phone, CONTENT.profile.variables_en)


def test_an_english_tenant_gets_the_week_1_message_in_english(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    agree(db, tenant_id, contract)
    prefer(db, tenant_id, "brief")  # the portal
    speaks(db, tenant_id, "en")
    assert run(db, graph).sent == 1
    [(_, _, body)] = outbox(db)
    assert body.startswith("Hello ") and "you have lived in your new home for a week" in body
    assert "within 5 working days" in body and "werkdagen" not in body  # the profile's English wording


def test_a_dutch_tenant_and_one_without_a_language_get_dutch(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    agree(db, tenant_id, contract)
    prefer(db, tenant_id, "brief")
    speaks(db, tenant_id, "nl")
    assert run(db, graph).sent == 1
    [(_, _, body)] = outbox(db)
    assert body.startswith("Hallo ") and "binnen 5 werkdagen" in body


def test_an_outdated_english_text_is_not_sent(db: Engine, graph: str) -> None:
    raw = raw_plan()
    raw["momenten"] = [{**m, "tekst": m["tekst"] + " Nieuw."} if m["id"] == "week_1" else m for m in raw["momenten"]]
    plan = parse_plan(raw)
    assert plan is not None and [m.text_en is None for m in plan.moments] == [False, True, False, False]
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    agree(db, tenant_id, contract)
    prefer(db, tenant_id, "brief")
    speaks(db, tenant_id, "en")
    assert run(db, graph, plan).sent == 1
    [(_, _, body)] = outbox(db)
    assert body.startswith("Hallo ") and body.endswith("Nieuw.")


def test_whatsapp_uses_the_english_template_language_when_the_profile_has_one(db: Engine, graph: str) -> None:
    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    agree(db, tenant_id, contract)
    prefer(db, tenant_id, "whatsapp")
    speaks(db, tenant_id, "en")
    plan = parse_plan({**raw_plan(), "whatsapp_taal_en": "en"})
    assert run(db, graph, plan).sent == 1
    assert FakeGraph.sent[-1]["json"]["template"]["language"] == {"code": "en"}
    without = parse_plan(raw_plan())
    assert without is not None and without.template_language(True) == "nl"  # no English templates: the Dutch one


def test_the_linter_warns_about_an_outdated_english_moment(knowledge_copy: Path) -> None:
    path = knowledge_copy / "corporation.yml"
    assert not [p for p in fixed_twin_problems(knowledge_copy) if "opvolging" in str(p)]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Typ een cijfer van 1 tot en met 10.", "Typ een cijfer van 1 t/m 10."),
                    encoding="utf-8")
    warned = [str(p) for p in fixed_twin_problems(knowledge_copy) if "opvolging" in str(p)]
    assert len(warned) == 1 and "opvolging.momenten.maand_3." in warned[0]
    assert "make kennis-engels-klopt ID=opvolging.maand_3" in warned[0]


@pytest.mark.parametrize("bad", ["", 5])
def test_a_bad_english_template_language_is_refused(bad: Any) -> None:
    from huurwijzer.content.followup_plan import PlanError

    with pytest.raises(PlanError, match="whatsapp_taal_en"):
        parse_plan({**raw_plan(), "whatsapp_taal_en": bad})


def test_an_english_tenant_gets_the_repair_question_in_english(flows_engine: Engine, graph: str,
                                                               content: Content) -> None:
    from tests.huurwijzer.conversation.test_repair_feedback import CONTRACT, ask, complete_new_repair

    emptied(flows_engine, t.repair_feedback, t.followup_deliveries, t.followup_consents, t.outbox_messages,
            t.contact_preferences, tenant_languages)
    h = holder(flows_engine, CONTRACT)
    reference = complete_new_repair(flows_engine)
    speaks(flows_engine, h.tenant_id, "en")
    assert ask(flows_engine, content, graph).sent == 1
    [(channel, _, body)] = outbox(flows_engine)
    assert channel == "portaal" and body.startswith("Hello ") and "your repair is done (" in body
    assert reference in body and "What mark from 1 to 10" in body
    # a Dutch tenant's next repair: Dutch
    speaks(flows_engine, h.tenant_id, "nl")
    complete_new_repair(flows_engine, object_id="raam")
    assert ask(flows_engine, content, graph).sent == 1
    assert outbox(flows_engine)[-1][2].startswith("Hallo ")
    assert "uw reparatie is klaar" in outbox(flows_engine)[-1][2]


def test_the_command_sends_an_english_tenant_the_follow_up_and_the_repair_question_in_english(
        db: Engine, graph: str) -> None:
    """`python -m bot.cli opvolgen` as the timer runs it: the profile's English wording and the English
    repair question (bot.opvolgen wires both)."""
    import os
    import subprocess
    import sys

    from huurwijzer.conversation import repair_feedback as rf
    from huurwijzer.tenancy.backoffice import NewRepairRequest

    tenant_id, contract, _ = new_tenant(db, days_ago=7)
    agree(db, tenant_id, contract)
    prefer(db, tenant_id, "brief")
    speaks(db, tenant_id, "en")
    emptied(db, t.repair_feedback)
    with Session(db, future=True) as session, session.begin():
        reference = OFFICE.create_repair_request(session, contract, NewRepairRequest("raam", "woonkamer", "klemt",
                                                                                     "normaal"), utc(9))
        event = OFFICE.complete_repair(session, reference, utc(9))
        assert event is not None and rf.repair_completed(session, event)
    env = {**os.environ, "HUURWIJZER_DATABASE_URL": db.url.render_as_string(hide_password=False),
           "HUURWIJZER_KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "opvolgen", "--nu", utc(11).isoformat(timespec="minutes")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    bodies = sorted(body for _, recipient, body in outbox(db) if recipient == f"huurder:{tenant_id}")
    assert len(bodies) == 2, done.stdout
    assert all(body.startswith("Hello ") for body in bodies)
    assert any("within 5 working days" in body for body in bodies)
    assert any("your repair is done" in body and reference in body for body in bodies)
