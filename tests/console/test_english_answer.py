"""Staff fill in, change and clear an entry's English answer (answer_en) in the console; the file
keeps every other line as it was and the field last."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

import yaml
from flask.testing import FlaskClient

from huurwijzer.content.knowledge import load_entries
from tests.console.conftest import csrf
from tests.console.test_workflow import entry_form

ENGLISH = "You may keep pets, as long as they cause no nuisance. Questions? Call {telefoon}.\nThank you."


def _publish(editor: FlaskClient, reviewer: FlaskClient, key: str, **changes: str) -> None:
    form = entry_form(editor, key, actie="aanbieden", **changes)
    assert editor.post(f"/kennis/{key}", data=form).status_code == 302
    token = csrf(reviewer, f"/kennis/{key}")
    assert reviewer.post(f"/stuk/entry/{key}/publiceren", data={"csrf_token": token}).status_code == 302


def test_english_answer_is_edited_published_and_cleared(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    file = knowledge / "entries" / "klachtencommissie.yml"
    before = file.read_text(encoding="utf-8")
    assert "answer_en" not in before
    page = editor.get("/kennis/klachtencommissie").get_data(as_text=True)
    assert 'name="antwoord_en"' in page and "Antwoord in het Engels" in page
    _publish(editor, reviewer, "klachtencommissie", antwoord_en=ENGLISH)
    after = file.read_text(encoding="utf-8")
    reviewed = yaml.safe_load(after)["last_reviewed"]  # publishing dates the review
    expected = re.sub(r"last_reviewed: '[\d-]+'", f"last_reviewed: '{reviewed}'", before)
    # publishing also records who checked the content when (issue 19)
    checked = yaml.safe_load(after)["reviewed"]
    expected = re.sub(r"\nreviewed:\n  date: '[\d-]+'\n  by: .*\n",
                      f"\nreviewed:\n  date: '{checked['date']}'\n  by: {checked['by']}\n", expected)
    assert after.startswith(expected)  # only the English answer was added, at the end
    assert yaml.safe_load(after)["answer_en"] == ENGLISH + "\n"
    assert load_entries([file]).entries[0].answer_en == ENGLISH.strip()
    assert ENGLISH.split("\n")[0] in editor.get("/kennis/klachtencommissie").get_data(as_text=True)
    _publish(editor, reviewer, "klachtencommissie", antwoord_en="  ")
    assert file.read_text(encoding="utf-8") == expected  # cleared: the field is gone again


def test_english_answer_is_linted_like_the_dutch_one(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    form = entry_form(editor, "huisdieren", antwoord_en="Call {phone_number} please, we will help.", actie="aanbieden")
    response = editor.post("/kennis/huisdieren", data=form)
    assert response.status_code == 400
    assert "answer_en: onbekend veld {phone_number}" in response.get_data(as_text=True)


def test_a_repair_objects_english_explanation_is_edited_beside_the_dutch_one(clients: Dict[str, FlaskClient],
                                                                             knowledge: Path) -> None:
    from huurwijzer.content.repairs import load_repairs
    from tests.console.test_workflow import repair_form, repairs

    editor, reviewer = clients["eva"], clients["rob"]
    page = editor.get("/reparaties/kraanleertje").get_data(as_text=True)
    assert 'name="uitleg_en"' in page and "Uitleg in het Engels" in page and 'name="voorwaarde_en"' in page
    written = "Replacing a tap washer is a small repair: you do it yourself."
    form = repair_form(editor, "kraanleertje", uitleg_en=written, voorwaarde_en="", actie="aanbieden")
    assert editor.post("/reparaties/kraanleertje", data=form).status_code == 302
    reviewer.post("/stuk/repair/kraanleertje/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
    saved = repairs(knowledge)["kraanleertje"]
    assert saved["explanation_en"] == written and "condition_en" not in saved
    assert list(saved).index("explanation_en") == list(saved).index("explanation") + 1  # beside the Dutch one
    tap = load_repairs(knowledge / "repairs.yml").get("kraanleertje")
    assert tap is not None and tap.explanation_en == written
    assert written in editor.get("/reparaties/kraanleertje").get_data(as_text=True)


def test_a_repair_objects_english_name_is_edited_beside_the_dutch_one(clients: Dict[str, FlaskClient],
                                                                      knowledge: Path) -> None:
    from huurwijzer.content.repairs import load_repairs
    from tests.console.test_workflow import repair_form, repairs

    editor, reviewer = clients["eva"], clients["rob"]
    page = editor.get("/reparaties/buitenkraan").get_data(as_text=True)
    assert 'name="naam_en"' in page and "Naam in het Engels" in page and 'value="outside tap"' in page

    def publish(name_en: str) -> Dict[str, object]:
        form = repair_form(editor, "buitenkraan", naam_en=name_en, actie="aanbieden")
        assert editor.post("/reparaties/buitenkraan", data=form).status_code == 302
        reviewer.post("/stuk/repair/buitenkraan/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
        return repairs(knowledge)["buitenkraan"]

    saved = publish("  garden tap ")
    assert saved["name_en"] == "garden tap"
    assert list(saved).index("name_en") == list(saved).index("name") + 1  # beside the Dutch name
    tap = load_repairs(knowledge / "repairs.yml").get("buitenkraan")
    assert tap is not None and tap.name_en == "garden tap" and tap.name == "buitenkraan"
    assert 'value="garden tap"' in editor.get("/reparaties/buitenkraan").get_data(as_text=True)
    cleared = publish("")
    assert "name_en" not in cleared and cleared["name"] == "buitenkraan"  # emptied: the field is gone
    tap = load_repairs(knowledge / "repairs.yml").get("buitenkraan")
    assert tap is not None and tap.name_en == ""
