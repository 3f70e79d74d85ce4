"""The inbox shows every group readable with the personal details inside the message masked, topics
by their Dutch names; the dashboard charts carry axes, labels and values (also in a real browser)."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any, Dict

import pytest
from flask.testing import FlaskClient

from console import work
from console.app import ConsoleConfig
from huurwijzer.privacy import mask
from tests.console.test_insight import conversations

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "gone", "kept"), [
    ("Goedemiddag, de deurkruk zit los. Groet, Anouk Verbeek, Lindelaan 14",
     ["Anouk", "Verbeek", "Lindelaan", "14"], ["Goedemiddag, de deurkruk zit los.", "[naam]", "[adres]"]),
    ("mijn naam is jan de vries en ik woon op de kerkstraat 12a in 3811 ab amersfoort, bel 06-12345678",
     ["jan", "vries", "kerkstraat", "12a", "3811", "12345678"],
     ["mijn naam is [naam] en ik woon", "[postcode]", "[telefoon]"]),
    ("Ik ben Fatima El Amrani, contractnummer HC-100021, iban nl91abna0417164300, mail f.elamrani@example.nl",
     ["Fatima", "Amrani", "100021", "0417164300", "example.nl"], ["Ik ben [naam]", "[iban]", "[e-mail]"]),
    ("postcode 3811ab, klantnummer 4455 1234 en mijn rekeningnummer is 123456789",
     ["3811", "4455", "123456789"], ["postcode [postcode]", "klantnummer [nummer]"]),
    ("Met vriendelijke groet,\nPiet van der Berg", ["Piet", "Berg"], ["Met vriendelijke groet,"]),
    ("mijn buurvrouw mevr. de Jong draait elke nacht harde muziek", ["Jong"],
     ["mijn buurvrouw mevr. [naam] draait elke nacht harde muziek"]),
    ("geef me de gegevens van Mehmet Kowalski", ["Mehmet", "Kowalski"], ["geef me de gegevens van [naam]"]),
    ("mijn buurman Jan Jansen maakt elke nacht herrie", ["Jan", "Jansen"], ["mijn buurman [naam] maakt"]),
    # qa3: names beyond A-Z and "de heer" stayed in the conversation store and the inbox
    ("Mijn naam is Yusuf Öztürk, ik wil een parkeerplaats", ["Yusuf", "Öztürk"], ["Mijn naam is [naam], ik wil"]),
    ("mijn buurman Ömer Çelik en mevrouw Şahin maken ruzie", ["Ömer", "Çelik", "Şahin"],
     ["mijn buurman [naam] en mevrouw [naam] maken ruzie"]),
    ("Met vriendelijke groet, Łukasz Yıldız", ["Łukasz", "Yıldız"], ["Met vriendelijke groet, [naam]"]),
    ("de heer Jansen zet zijn fiets in de gang", ["Jansen"], ["de heer [naam] zet zijn fiets in de gang"]),
    # qa3: phone numbers in groups of four stayed unmasked
    ("bel me op +31 6 2345 6789 of 06 1234 5678", ["2345", "6789", "1234", "5678"],
     ["bel me op [telefoon] of [telefoon]"]),
])
def test_personal_details_inside_a_message_are_masked(text: str, gone: list, kept: list) -> None:
    masked = mask(text)
    assert all(word not in masked for word in gone), masked
    assert all(part in masked for part in kept), masked


@pytest.mark.parametrize("text", [
    "De kraan in de badkamer lekt al 3 weken, wie moet dit repareren?",
    "In 2024 is de huur met 3 procent omhoog gegaan, klopt dat?",
    "ik ben nieuwe huurder en wil weten wat ik moet doen",
    "mag ik een kat houden in mijn flat op 4 hoog?",
    "Ik ben onderweg 2 uur later thuis, kan de monteur wachten?",
    "mijn buurman maakt herrie en mijn zoon kan niet slapen",
])
def test_questions_without_personal_details_stay_as_they_are(text: str) -> None:
    assert mask(text) == text


def test_every_topic_has_a_dutch_name(console_config: ConsoleConfig) -> None:
    names = work.topic_names(console_config.knowledge_dir)
    assert set(names) == set(work.topics(console_config.knowledge_dir))
    assert all(name and "_" not in name for name in names.values())
    assert names["pets"] == "Huisdieren" and names["repair_responsibility"] == "Wie repareert wat"


def test_inbox_shows_each_group_readable_with_details_masked(console_config: ConsoleConfig,
                                                             clients: Dict[str, FlaskClient]) -> None:
    conversations(console_config.tracker_url, [
        ("a", "Hallo, mijn naam is Anouk Verbeek, Lindelaan 14, 3811 ab. Mag ik een leguaan houden?",
         "nlu_fallback", 0.3, None),
        ("b", "Hallo, mijn naam is Kees de Boer, Dorpsstraat 3, 3812 cd. Mag ik een leguaan houden?",
         "nlu_fallback", 0.3, None),
        ("c", "mag ik een hangmat ophangen aan de gevel?", "pets", 0.4, "huisdieren"),
        # answers to the verification questions are stored wholly redacted: not questions to learn from
        *((f"v{n}", "[weggelaten]", "nlu_fallback", 0.2, None) for n in range(5)),
    ])
    page = clients["eva"].get("/inbox").get_data(as_text=True)
    for personal in ("Anouk", "Verbeek", "Lindelaan", "Kees", "Dorpsstraat", "3811", "3812"):
        assert personal not in page, personal
    assert "2 x “Hallo, mijn naam is [naam], [adres], [postcode]. Mag ik een leguaan houden?”" in page
    assert "[weggelaten]" not in page
    assert "onderwerp <span class=\"onderwerp\" title=\"pets\">Huisdieren</span>" in page
    assert re.search(r"onderwerp <span[^>]*>Buiten ons werk</span>", page)


def test_dashboard_charts_have_axes_labels_and_values(console_config: ConsoleConfig,
                                                      clients: Dict[str, FlaskClient], browser: Any,
                                                      tmp_path: Path) -> None:
    day = datetime(2026, 11, 20, 10)
    conversations(console_config.tracker_url, [
        ("a", "mag ik een kat houden", "pets", 0.95, "huisdieren"),
        ("b", "mag ik een hond houden", "pets", 0.95, "huisdieren"),
        ("c", "ik wil een mens spreken", "human_handover", 0.99, None),
    ], when=day)
    page = clients["ada"].get("/dashboard?van=2026-11-14&tot=2026-11-23").get_data(as_text=True)
    charts = re.findall(r"<svg.*?</svg>", page, re.S)
    assert len(charts) == 5 - page.count("Nog geen gegevens in deze periode")
    days = charts[0]
    assert ">20-11</text>" in days and ">14-11</text>" in days  # dates along the axis
    assert ">dag</text>" in days and re.search(r'class="label">3</text>', days)  # axis name and scale
    topics = next(c for c in charts if "Meest gevraagde onderwerpen" in c)
    assert ">Huisdieren</text>" in topics and ">Medewerker gevraagd</text>" in topics
    assert re.search(r'class="waarde">2</text>', topics)  # the value beside its bar
    # In a real browser: the labels are laid out and readable (the PNG is kept for a person to look at).
    css = (ROOT / "console" / "static" / "console.css").read_text(encoding="utf-8")
    html = page.replace('<link rel="stylesheet" href="/static/console.css">', f"<style>{css}</style>")
    tab = browser.new_page(viewport={"width": 1200, "height": 1400})
    tab.set_content(html)
    boxes = tab.eval_on_selector_all("svg.grafiek text.label", "els => els.map(e => e.getBBox().width)")
    assert boxes and all(width > 0 for width in boxes)
    shot = tmp_path / "dashboard.png"
    tab.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    tab.close()


def test_a_month_of_days_and_long_topic_names_stay_readable(console_config: ConsoleConfig,
                                                            clients: Dict[str, FlaskClient], browser: Any,
                                                            tmp_path: Path) -> None:
    # qa3: over the default month the day charts were drawn 1070 units wide and shrunk to text of
    # about 5 pixels, and "Huur opzeggen en verhuizen" lost its first letter at the chart's edge.
    conversations(console_config.tracker_url, [
        ("m", "ik wil mijn huur opzeggen", "move_out", 0.95, None),
        ("n", "mag ik een kat houden", "pets", 0.95, "huisdieren"),
    ], when=datetime(2026, 11, 20, 10))
    page = clients["ada"].get("/dashboard?van=2026-11-01&tot=2026-11-30").get_data(as_text=True)
    css = (ROOT / "console" / "static" / "console.css").read_text(encoding="utf-8")
    html = page.replace('<link rel="stylesheet" href="/static/console.css">', f"<style>{css}</style>")
    tab = browser.new_page(viewport={"width": 1280, "height": 1400})
    tab.set_content(html)
    heights = tab.eval_on_selector_all("svg.grafiek.tijd text.label",
                                       "els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 9, heights  # CSS pixels on the screen
    lefts = tab.eval_on_selector_all("svg.grafiek.lijst text.label", "els => els.map(e => e.getBBox().x)")
    assert lefts and min(lefts) >= 0, lefts  # no name runs off the chart's left edge
    tab.screenshot(path=str(tmp_path / "dashboard-month.png"), full_page=True)
    tab.close()
