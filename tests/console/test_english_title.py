"""Staff edit an entry's English title (title_en) in the console beside the English answer: saving
records it as the translation of the Dutch title; a change of only the Dutch title marks it outdated
until it is rewritten or "Engelse tekst klopt nog" is ticked; an emptied field is removed."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml
from flask.testing import FlaskClient

from huurwijzer.content.twin_fingerprints import fingerprint
from tests.console.conftest import csrf
from tests.console.test_english_outdated import _draft, _entry, _publish
from tests.console.test_workflow import entry_form

NEW_DUTCH = "Huisdieren en de tuin"
ENGLISH = "Pets and your garden"


def _save(editor: FlaskClient, **changes: str) -> Dict[str, object]:
    form = entry_form(editor, "huisdieren", actie="aanbieden", **changes)
    assert editor.post("/kennis/huisdieren", data=form).status_code == 302
    return _draft(editor)


def test_the_english_title_is_saved_stamped_and_published(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    page = editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert 'name="titel_en" value="Pets in your home"' in page and "Titel in het Engels" in page
    draft = _save(editor, titel=NEW_DUTCH, titel_en=ENGLISH)
    assert draft["title_en"] == ENGLISH and draft["title_en_of"] == fingerprint(NEW_DUTCH)
    _publish(reviewer, "entry", "huisdieren")
    saved = _entry(knowledge)
    assert saved["title"] == NEW_DUTCH and saved["title_en"] == ENGLISH
    assert saved["title_en_of"] == fingerprint(NEW_DUTCH)


def test_a_new_dutch_title_marks_the_english_title_until_confirmed(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    draft = _save(editor, titel=NEW_DUTCH)
    assert draft["title_en"] == "Pets in your home" and draft["title_en_of"] == fingerprint("Huisdieren in uw woning")
    page = editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert 'id="title_en-verouderd"' in page and 'name="klopt_nog_title_en"' in page
    assert 'id="answer_en-verouderd"' not in page
    assert "waarschuwing: title_en: Engelse tekst verouderd" in page
    draft = _save(editor, titel=NEW_DUTCH, klopt_nog_title_en="ja")
    assert draft["title_en_of"] == fingerprint(NEW_DUTCH)
    assert 'id="title_en-verouderd"' not in editor.get("/kennis/huisdieren").get_data(as_text=True)


def test_an_emptied_english_title_is_removed(clients: Dict[str, FlaskClient]) -> None:
    draft = _save(clients["eva"], titel_en="  ")
    assert "title_en" not in draft and "title_en_of" not in draft
    assert draft["answer_en"]  # the English answer stays


def test_the_live_check_warns_about_the_english_title(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor = clients["eva"]
    entry = yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text(encoding="utf-8"))
    fields = {key: entry[key] for key in ("id", "topic", "status", "owner", "last_reviewed", "answer", "answer_en",
                                          "title_en")}
    fields["questions"] = "\n".join(entry["questions"])
    token = csrf(editor, "/kennis/huisdieren")

    def warnings(**changes: object) -> object:
        response = editor.post("/api/voorbeeld", json={**fields, **changes}, headers={"X-CSRFToken": token})
        return response.get_json()["waarschuwingen"]

    assert warnings(title=entry["title"]) == []
    found = warnings(title=NEW_DUTCH)
    assert isinstance(found, list) and len(found) == 1 and "title_en: Engelse tekst verouderd" in found[0]
    assert warnings(title=NEW_DUTCH, klopt_nog_title_en=True) == []
    assert warnings(title=NEW_DUTCH, title_en=ENGLISH) == []
