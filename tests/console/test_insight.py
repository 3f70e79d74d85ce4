"""Review inbox and dashboard on a real conversation table (Rasa's events) and the state tables,
and the round trip between the console and knowledge/."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import pytest
import yaml
from flask.testing import FlaskClient
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import create_engine, insert
from sqlalchemy.orm import Session

from console import store, work
from console.app import ConsoleConfig
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.answer_feedback import answer_feedback
from tests.console.conftest import ROOT, csrf

DAY = datetime(2026, 11, 20, 10)
Turn = Tuple[str, str, Optional[str], float, Optional[str]]  # sender, text, intent, confidence, knowledge id


def conversations(url: str, turns: List[Turn], when: datetime = DAY) -> None:
    engine = create_engine(url, future=True)
    table = SQLTrackerStore.SQLEvent.__table__
    table.metadata.create_all(engine, tables=[table])
    stamp = when.timestamp()
    with engine.begin() as conn:
        for sender, text, intent, confidence, knowledge_id in turns:
            topic = (intent if intent in ("human_handover", "repair_responsibility")
                     else "pets" if knowledge_id else "out_of_scope")
            user = {"event": "user", "text": text, "timestamp": stamp,
                    "parse_data": {"intent": {"name": intent, "confidence": confidence}}}
            bot = {"event": "bot", "text": None, "timestamp": stamp + 1,
                   "data": {"custom": {"topic": topic, "confidence": confidence, "knowledge_id": knowledge_id}}}
            conn.execute(insert(table).values(sender_id=sender, type_name="user", timestamp=stamp,
                                              intent_name=intent, data=json.dumps(user)))
            conn.execute(insert(table).values(sender_id=sender, type_name="bot", timestamp=stamp + 1,
                                              data=json.dumps(bot)))
            stamp += 10
    engine.dispose()


@pytest.fixture()
def with_data(console_config: ConsoleConfig) -> ConsoleConfig:
    conversations(console_config.tracker_url, [
        ("a", "mag ik een leguaan houden", "nlu_fallback", 0.3, None),
        ("b", "mag ik een leguaan houden?", "nlu_fallback", 0.2, None),
        ("c", "mag ik een leguaan houden in huis", "nlu_fallback", 0.35, None),
        ("a", "mag ik een kat houden", "pets", 0.95, "huisdieren"),
        ("d", "ik wil een mens spreken", "human_handover", 0.99, None),
        ("e", "kan ik mijn 06-12345678 doorgeven", "nlu_fallback", 0.1, None),
    ])
    engine = create_engine(console_config.database_url, future=True)
    t.metadata.create_all(engine)
    with Session(engine, future=True) as s, s.begin():
        s.execute(insert(answer_feedback).values(conversation_key="x", knowledge_id="huisdieren", helpful=False,
                                                   created_at=DAY))
        s.execute(insert(answer_feedback).values(conversation_key="y", knowledge_id="huisdieren", helpful=True,
                                                   created_at=DAY))
        s.execute(insert(t.onboarding_feedback).values(owner="huurder:1", score=8, comment=None, created_at=DAY))
        s.execute(insert(t.onboarding_feedback).values(owner="huurder:2", score=6, comment=None, created_at=DAY))
        s.execute(insert(t.onboarding_progress).values(owner="huurder:1", step="welkom", completed_at=DAY))
    engine.dispose()
    return console_config


def test_inbox_groups_similar_questions_and_masks_numbers(with_data: ConsoleConfig,
                                                           clients: Dict[str, FlaskClient]) -> None:
    page = clients["eva"].get("/inbox").get_data(as_text=True)
    assert "3 x “mag ik een leguaan houden" in page
    assert "12345678" not in page
    assert "Antwoord kreeg een duim omlaag" in page and "1 x <a href=\"/kennis/huisdieren\">" in page


def test_inbox_group_becomes_a_phrasing_then_is_handled(with_data: ConsoleConfig,
                                                        clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    page = editor.get("/inbox").get_data(as_text=True)
    anchor = re.search(r'id="g-([0-9a-f]+)" aria-labelledby="t-[0-9a-f]+">\s*<h2[^>]*>3 x', page).group(1)
    response = editor.post(f"/inbox/{anchor}/formulering", data={"csrf_token": csrf(editor, "/inbox"),
                                                                 "item": "huisdieren"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/kennis/huisdieren")
    item = editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert "mag ik een leguaan houden" in item and "concept" in item
    after = editor.get("/inbox").get_data(as_text=True)
    assert f'id="g-{anchor}"' not in after
    assert "formulering bij huisdieren" in editor.get("/inbox?alles=1").get_data(as_text=True)


def test_inbox_group_starts_a_new_draft(with_data: ConsoleConfig, clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    page = editor.get("/inbox").get_data(as_text=True)
    anchor = re.search(r'id="g-([0-9a-f]+)" aria-labelledby="t-[0-9a-f]+">\s*<h2[^>]*>3 x', page).group(1)
    form = editor.get(f"/kennis/nieuw?vraag=x&groep={anchor}").get_data(as_text=True)
    assert f'name="groep" value="{anchor}"' in form
    editor.post("/kennis/nieuw", data={"csrf_token": csrf(editor, "/kennis/nieuw"), "id": "exotische-dieren",
                                       "titel": "Exotische dieren", "onderwerp": "pets",
                                       "vraag": "mag ik een leguaan houden", "groep": anchor})
    assert "mag ik een leguaan houden" in editor.get("/kennis/exotische-dieren").get_data(as_text=True)
    assert f'id="g-{anchor}"' not in editor.get("/inbox").get_data(as_text=True)


def test_unknown_repair_object_becomes_a_new_repair_draft(console_config: ConsoleConfig,
                                                          clients: Dict[str, FlaskClient]) -> None:
    conversations(console_config.tracker_url, [
        ("a", "wie repareert mijn hondenluik", "repair_responsibility", 0.9, None),
        ("b", "wie repareert het hondenluik?", "repair_responsibility", 0.8, None)])
    editor = clients["eva"]
    page = editor.get("/inbox").get_data(as_text=True)
    assert "Onbekend onderdeel" in page and "Nieuw onderdeel" in page
    anchor = re.search(r'id="g-([0-9a-f]+)" aria-labelledby="t-[0-9a-f]+">\s*<h2[^>]*>2 x', page).group(1)
    form = editor.get(f"/reparaties/nieuw?vraag=wie+repareert+mijn+hondenluik&groep={anchor}").get_data(as_text=True)
    assert "Vraag uit de inbox" in form and f'name="groep" value="{anchor}"' in form
    response = editor.post("/reparaties/nieuw", data={
        "csrf_token": csrf(editor, "/reparaties/nieuw"), "id": "hondenluik", "naam": "hondenluik",
        "synoniemen": "hondenluik\nkattenluik", "partij": "huurder", "basis": "bij_ons",
        "uitleg": "Een hondenluik dat u zelf heeft geplaatst, onderhoudt u zelf.", "groep": anchor})
    assert response.status_code == 302 and response.headers["Location"].endswith("/reparaties/hondenluik")
    assert f'id="g-{anchor}"' not in editor.get("/inbox").get_data(as_text=True)
    assert "nieuw onderdeel hondenluik" in editor.get("/inbox?alles=1").get_data(as_text=True)


def test_dashboard_figures_and_csv(with_data: ConsoleConfig, clients: Dict[str, FlaskClient]) -> None:
    admin = clients["ada"]
    page = admin.get("/dashboard?van=2026-11-14&tot=2026-11-23").get_data(as_text=True)
    assert '<dd id="gesprekken">5</dd>' in page and '<dd id="berichten">6</dd>' in page
    assert "80%" in page  # four of five conversations without a person
    assert "66%" in page  # four of six messages not understood
    assert "<svg" in page and "Gesprekken per dag" in page
    empty = admin.get("/dashboard?van=2026-10-01&tot=2026-10-10").get_data(as_text=True)
    assert '<dd id="gesprekken">0</dd>' in empty
    response = admin.get("/dashboard.csv?van=2026-11-14&tot=2026-11-23")
    assert response.mimetype == "text/csv" and "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert ["gesprekken", "totaal", "5"] in rows and ["berichten per dag", "2026-11-20", "6"] in rows
    assert ["rapportcijfer per dag", "2026-11-20", "7.00"] in rows and ["feedback nee", "huisdieren", "1"] in rows
    assert ["zonder medewerker", "aandeel", "0.800"] in rows


def test_dashboard_counts_the_corporations_days(console_config: ConsoleConfig,
                                                clients: Dict[str, FlaskClient]) -> None:
    from datetime import timezone

    # 23:30 UTC on 20 November is 00:30 on 21 November in the Netherlands.
    conversations(console_config.tracker_url, [("late", "mag ik een kat houden", "pets", 0.95, "huisdieren")],
                  when=datetime(2026, 11, 20, 23, 30, tzinfo=timezone.utc))
    engine = create_engine(console_config.database_url, future=True)
    t.metadata.create_all(engine)
    with Session(engine, future=True) as s, s.begin():  # the assistant's tables hold naive UTC
        s.execute(insert(t.onboarding_feedback).values(owner="huurder:9", score=9, comment=None,
                                                       created_at=datetime(2026, 11, 20, 23, 30)))
    engine.dispose()
    response = clients["ada"].get("/dashboard.csv?van=2026-11-20&tot=2026-11-21")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert ["berichten per dag", "2026-11-20", "0"] in rows and ["berichten per dag", "2026-11-21", "1"] in rows
    assert ["rapportcijfer per dag", "2026-11-21", "9.00"] in rows
    only_the_20th = clients["ada"].get("/dashboard.csv?van=2026-11-20&tot=2026-11-20").get_data(as_text=True)
    assert "gesprekken;totaal;0" in only_the_20th


def test_import_export_round_trip_reproduces_knowledge(tmp_path: Path) -> None:
    source = tmp_path / "bron"
    shutil.copytree(ROOT / "knowledge", source)
    engine = create_engine(f"sqlite:///{tmp_path / 'c.db'}", future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as s, s.begin():
        counts = work.import_from(s, source, "inlezen", DAY)
    assert counts.entries == len(list((ROOT / "knowledge" / "entries").glob("*.yml"))) and counts.repairs > 100
    target = tmp_path / "doel"
    shutil.copytree(ROOT / "knowledge", target)
    for path in (target / "entries").glob("*.yml"):
        path.unlink()
    header = (target / "repairs.yml").read_text().split("objects:")[0]
    (target / "repairs.yml").write_text(header + "objects: []\n")
    with Session(engine, future=True) as s, s.begin():
        work.export_to(s, target)
    # The export writes the published state: a draft's file (knowledge/entries/huismeester.yml waits for a
    # staff decision) comes in as a draft and is not written out as if it were live.
    drafts = {p.name for p in (source / "entries").glob("*.yml")
              if yaml.safe_load(p.read_text(encoding="utf-8")).get("status") == "draft"}
    for original in sorted(source.rglob("*")):
        if original.is_file():
            copy = target / original.relative_to(source)
            if original.parent.name == "entries" and original.name in drafts:
                assert not copy.exists(), original
                continue
            assert copy.read_bytes() == original.read_bytes(), original
    with Session(engine, future=True) as s, s.begin():
        again = work.import_from(s, target, "inlezen", DAY)
    assert (again.entries, again.repairs, again.profile) == (0, 0, 0)
