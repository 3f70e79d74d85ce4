"""When staff change a Dutch text, the console marks its English twin as outdated (edit page, list,
live check); saving a new English text or ticking "Engelse tekst klopt nog" records it as the
translation of the new Dutch text. An outdated English text never blocks publishing."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml
from flask.testing import FlaskClient

from huurwijzer.content.twin_fingerprints import fingerprint
from tests.console.conftest import csrf
from tests.console.test_workflow import entry_form, repair_form, repairs

NEW_DUTCH = "Huisdieren mag u houden als ze geen overlast geven. Schade door uw huisdier is voor uw rekening."
MARK = "Engelse tekst verouderd"


def _entry(knowledge: Path) -> Dict[str, object]:
    return yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text(encoding="utf-8"))


def _draft(client: FlaskClient) -> Dict[str, object]:
    from console import store
    from console.services import unit

    with client.application.app_context(), unit() as s:
        doc = store.document(s, "entry", "huisdieren")
        assert doc is not None
        return dict(doc.current.data)


def _publish(reviewer: FlaskClient, kind: str, key: str) -> None:
    page = "/kennis" if kind == "entry" else "/reparaties"
    response = reviewer.post(f"/stuk/{kind}/{key}/publiceren", data={"csrf_token": csrf(reviewer, page)})
    assert response.status_code == 302


def test_a_dutch_change_marks_the_english_answer_until_it_is_confirmed(clients: Dict[str, FlaskClient],
                                                                     knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    assert MARK not in editor.get("/kennis").get_data(as_text=True)
    assert MARK not in editor.get("/kennis/huisdieren").get_data(as_text=True)
    old = _entry(knowledge)["answer_en_of"]

    form = entry_form(editor, "huisdieren", antwoord=NEW_DUTCH, actie="aanbieden")
    assert editor.post("/kennis/huisdieren", data=form).status_code == 302
    assert _draft(editor)["answer_en_of"] == old  # only the Dutch text changed: the record stays

    page = editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert 'id="answer_en-verouderd"' in page and MARK in page
    assert 'name="klopt_nog_answer_en"' in page and "Engelse tekst klopt nog" in page
    assert "waarschuwing: answer_en: Engelse tekst verouderd" in page  # the linter's message, in the check list
    listed = editor.get("/kennis").get_data(as_text=True)
    row = listed[listed.index("/kennis/huisdieren"):].split("</tr>")[0]
    assert MARK in row and "1 met een Engelse tekst om na te kijken" in listed
    only = editor.get("/kennis?engels=nakijken").get_data(as_text=True)
    assert "/kennis/huisdieren" in only and "/kennis/airbnb" not in only

    # the urgent Dutch correction is published although the English text is outdated
    _publish(reviewer, "entry", "huisdieren")
    assert _entry(knowledge)["answer"] == NEW_DUTCH and _entry(knowledge)["answer_en_of"] == old
    assert "Let op: de Engelse tekst hoort nog bij de oude Nederlandse tekst" in \
        reviewer.get("/kennis/huisdieren").get_data(as_text=True)

    form = entry_form(editor, "huisdieren", klopt_nog_answer_en="ja", actie="aanbieden")
    assert editor.post("/kennis/huisdieren", data=form).status_code == 302
    assert _draft(editor)["answer_en_of"] == fingerprint(NEW_DUTCH)
    assert MARK not in editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert MARK not in editor.get("/kennis").get_data(as_text=True)
    _publish(reviewer, "entry", "huisdieren")
    assert _entry(knowledge)["answer_en_of"] == fingerprint(NEW_DUTCH)


def test_saving_a_new_english_text_with_the_dutch_one_records_it(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    english = "You may keep pets if they cause no nuisance. Damage by your pet is at your expense."
    form = entry_form(editor, "huisdieren", antwoord=NEW_DUTCH, antwoord_en=english, actie="opslaan")
    assert editor.post("/kennis/huisdieren", data=form).status_code == 302
    draft = _draft(editor)
    assert draft["answer_en"] == english and draft["answer_en_of"] == fingerprint(NEW_DUTCH)
    assert MARK not in editor.get("/kennis/huisdieren").get_data(as_text=True)


def test_the_live_check_warns_while_the_dutch_text_is_typed(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor = clients["eva"]
    entry = _entry(knowledge)
    fields = {key: entry[key] for key in ("id", "topic", "title", "status", "owner", "last_reviewed", "answer_en")}
    fields["questions"] = "\n".join(entry["questions"])  # type: ignore[arg-type]
    token = csrf(editor, "/kennis/huisdieren")

    def check(**changes: object) -> Dict[str, object]:
        response = editor.post("/api/voorbeeld", json={**fields, **changes}, headers={"X-CSRFToken": token})
        return response.get_json()

    assert check(answer=entry["answer"])["waarschuwingen"] == []
    changed = check(answer=NEW_DUTCH)
    assert changed["meldingen"] == [] and len(changed["waarschuwingen"]) == 1  # type: ignore[arg-type]
    assert "answer_en: Engelse tekst verouderd" in changed["waarschuwingen"][0]  # type: ignore[index]
    assert check(answer=NEW_DUTCH, klopt_nog_answer_en=True)["waarschuwingen"] == []
    assert check(answer=NEW_DUTCH, answer_en="You may keep pets, but damage is yours.")["waarschuwingen"] == []


def test_a_repair_objects_english_explanation_is_marked_and_confirmed(clients: Dict[str, FlaskClient],
                                                                       knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    dutch = "Een kraanleertje vervangen is een kleine reparatie voor de huurder."
    form = repair_form(editor, "kraanleertje", uitleg=dutch, actie="aanbieden")
    assert editor.post("/reparaties/kraanleertje", data=form).status_code == 302
    page = editor.get("/reparaties/kraanleertje").get_data(as_text=True)
    assert 'id="explanation_en-verouderd"' in page and MARK in page
    assert 'name="klopt_nog_explanation_en"' in page and 'id="name_en-verouderd"' not in page
    listed = editor.get("/reparaties").get_data(as_text=True)
    row = listed[listed.index("/reparaties/kraanleertje"):].split("</tr>")[0]
    assert MARK in row
    _publish(reviewer, "repair", "kraanleertje")  # not blocked by the outdated English text

    written = "Replacing a tap washer is a small repair for the tenant."
    form = repair_form(editor, "kraanleertje", uitleg_en=written, actie="aanbieden")
    assert editor.post("/reparaties/kraanleertje", data=form).status_code == 302
    _publish(reviewer, "repair", "kraanleertje")
    saved = repairs(knowledge)["kraanleertje"]
    assert saved["explanation"] == dutch and saved["explanation_en"] == written
    assert saved["explanation_en_of"] == fingerprint(dutch) and saved["name_en_of"] == fingerprint("kraanleertje")
    assert MARK not in editor.get("/reparaties/kraanleertje").get_data(as_text=True)
    assert MARK not in editor.get("/reparaties").get_data(as_text=True)
