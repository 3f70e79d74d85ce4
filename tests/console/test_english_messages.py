"""Staff edit the English follow-up messages (`opvolging.momenten[].tekst_en`) and the rewards
programme's English benefits (`beloningsprogramma.voordelen_en`) on /engelse-berichten (admin): a
saved text is live and recorded as a translation of today's Dutch text, an emptied one removed (the
Dutch text goes); bad input gets a clear Dutch message and the typed text back; a page opened before
a colleague saved is held back (the version field, as on the other forms)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any, Dict

import yaml
from flask.testing import FlaskClient

from huurwijzer.content.fixed_twins import fixed_twin_problems
from huurwijzer.content.followup_plan import load_plan
from huurwijzer.content.profile import load_profile
from huurwijzer.content.twin_fingerprints import fingerprint
from tests.console.conftest import csrf

PAGE = "/engelse-berichten"
WEEK_1 = "Hello {voornaam}, does everything work in your new home? Answer \"all good\" or \"problem\"."


def _form(client: FlaskClient, **changes: str) -> Dict[str, str]:
    page = client.get(PAGE).get_data(as_text=True)
    areas = re.findall(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>([^<]*)</textarea>', page)
    fields = {name: html.unescape(text) for name, text in areas}  # as the browser sends them
    version = re.search(r'name="versie" value="(\d+)"', page)
    assert version, "the form says which version it was opened on"
    return {**fields, "versie": version.group(1), **changes, "csrf_token": csrf(client, PAGE)}


def _moment(knowledge: Path, moment: str) -> Dict[str, Any]:
    raw = yaml.safe_load((knowledge / "corporation.yml").read_text(encoding="utf-8"))
    return next(m for m in raw["opvolging"]["momenten"] if m["id"] == moment)


def _english(knowledge: Path, moment: str) -> str | None:
    plan = load_plan(knowledge / "corporation.yml")
    assert plan is not None
    return next(m.text_en for m in plan.moments if m.id == moment)


def test_only_an_admin_opens_the_page(clients: Dict[str, FlaskClient]) -> None:
    assert clients["eva"].get(PAGE).status_code == 403
    page = clients["ada"].get(PAGE).get_data(as_text=True)
    assert 'name="engels_week_1"' in page and 'name="engels_voordelen"' in page
    assert "Werkt alles?" in page and "what do I still need to do?" in page


def test_an_english_follow_up_text_is_saved_live_and_recorded(clients: Dict[str, FlaskClient],
                                                              knowledge: Path) -> None:
    admin = clients["ada"]
    before = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    assert admin.post(PAGE, data=_form(admin, engels_week_1=WEEK_1)).status_code == 302
    moment = _moment(knowledge, "week_1")
    assert moment["tekst_en"] == WEEK_1 and moment["tekst_en_of"] == fingerprint(moment["tekst"])
    assert _english(knowledge, "week_1") == WEEK_1
    after = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    assert after.count("#") == before.count("#")  # comments stay
    assert _moment(knowledge, "maand_3")["tekst_en_of"] == "106e2124"  # the others as they were
    assert "Engelse berichten gewijzigd" in admin.get(PAGE).get_data(as_text=True)  # the history
    assert not [p for p in fixed_twin_problems(knowledge) if "opvolging" in str(p)]


def test_an_emptied_text_is_removed_and_the_dutch_text_goes(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin = clients["ada"]
    assert admin.post(PAGE, data=_form(admin, engels_week_6="  ")).status_code == 302
    moment = _moment(knowledge, "week_6")
    assert "tekst_en" not in moment and "tekst_en_of" not in moment
    assert _english(knowledge, "week_6") is None


def test_the_english_benefits_are_saved_one_per_line(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin = clients["ada"]
    lines = "- a handyman day once a year\n- a voucher of € 25 for the garden\n- a free service subscription month"
    assert admin.post(PAGE, data=_form(admin, engels_voordelen=lines)).status_code == 302
    raw = yaml.safe_load((knowledge / "corporation.yml").read_text(encoding="utf-8"))["beloningsprogramma"]
    assert raw["voordelen_en"] == ["a handyman day once a year", "a voucher of € 25 for the garden",
                                   "a free service subscription month"]
    assert raw["voordelen_en_of"] == fingerprint("\n".join(raw["voordelen"]))
    path = knowledge / "corporation.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  aan: false", "  aan: true", 1), encoding="utf-8")
    rewards = load_profile(path).rewards
    assert rewards is not None and rewards.shown_benefits(True)[0] == "a handyman day once a year"


def test_bad_input_gets_a_dutch_message_and_keeps_the_text(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin = clients["ada"]
    before = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    typed = "Hello {voornam}, how are you?"
    response = admin.post(PAGE, data=_form(admin, engels_week_1=typed, engels_voordelen="only one benefit"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Bericht week_1 (Engels): onbekend veld {voornam}" in page
    assert "één Engelse tekst per voordeel, in dezelfde volgorde (3 voordelen, 1 Engelse teksten)" in page
    assert typed in page and "only one benefit" in page  # nothing typed is lost
    assert (knowledge / "corporation.yml").read_text(encoding="utf-8") == before  # nothing half saved


def test_a_page_opened_before_a_colleague_saved_is_held_back(clients: Dict[str, FlaskClient],
                                                             knowledge: Path) -> None:
    admin = clients["ada"]
    first, second = _form(admin, engels_week_1=WEEK_1), _form(admin, engels_maand_3="What mark do you give us?")
    assert admin.post(PAGE, data=first).status_code == 302
    held = admin.post(PAGE, data=second)
    page = held.get_data(as_text=True)
    assert held.status_code == 409 and "ada heeft dit intussen gewijzigd" in page and "nog niet opgeslagen" in page
    mark = "What mark do you give us?"
    assert mark in page and _moment(knowledge, "maand_3")["tekst_en"] != mark
    assert admin.post(PAGE, data={**second, "versie": _form(admin)["versie"]}).status_code == 302
    assert _moment(knowledge, "maand_3")["tekst_en"] == "What mark do you give us?"
