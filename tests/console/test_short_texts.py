"""The short texts in simple language (knowledge/kort.yml) in the console: a reviewer adds,
changes and removes them, live at once and checked as the linter checks the file; the file keeps
its comments and untouched texts; an editor reads them but cannot change them."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from flask.testing import FlaskClient

from console.yaml_files import read_short_texts, write_short_texts
from huurwijzer.content.maatwerk_profile import load_short_texts
from tests.console.conftest import csrf


def test_a_reviewer_adds_changes_and_removes_short_texts(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "kort.yml"
    before = path.read_text(encoding="utf-8")
    assert "huisdieren" not in read_short_texts(knowledge)
    form = {"csrf_token": csrf(reviewer, "/kort"),
            "kort_huisdieren": "Een kat of hond mag.\nBel {telefoon} bij twijfel.",
            "kort_huurtoeslag-aanvragen": "", "kort_huur-betalen": read_short_texts(knowledge)["huur-betalen"]}
    response = reviewer.post("/kort", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    texts = load_short_texts(path)  # what the assistant reads
    assert texts["huisdieren"] == "Een kat of hond mag.\nBel {telefoon} bij twijfel."
    assert "huurtoeslag-aanvragen" not in texts
    after = path.read_text(encoding="utf-8")
    assert after.splitlines()[:4] == before.splitlines()[:4]  # the comments for staff stay
    unchanged = before.split("huurtoeslag-aanvragen:")[0]
    assert after.startswith(unchanged)  # the texts before the removed one are as they were
    assert "korte teksten gewijzigd" in reviewer.get("/kort").get_data(as_text=True)  # the history


def test_unknown_fields_and_ids_are_refused_in_dutch(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "kort.yml"
    before = path.read_text(encoding="utf-8")
    response = reviewer.post("/kort", data={"csrf_token": csrf(reviewer, "/kort"),
                                            "kort_huisdieren": "Bel {telefoonnummer}."})
    assert response.status_code == 400 and "huisdieren: onbekend veld {telefoonnummer}" in response.get_data(
        as_text=True)
    assert path.read_text(encoding="utf-8") == before
    assert reviewer.post("/kort", data={"csrf_token": csrf(reviewer, "/kort"),
                                        "kort_bestaat-niet": "x"}).status_code == 302  # not an entry: ignored
    assert "bestaat-niet" not in read_short_texts(knowledge)


def test_an_editor_reads_but_cannot_change_them(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor = clients["eva"]
    page = editor.get("/kort")
    assert page.status_code == 200 and "readonly" in page.get_data(as_text=True)
    before = (knowledge / "kort.yml").read_text(encoding="utf-8")
    refused = editor.post("/kort", data={"csrf_token": csrf(editor, "/kort"), "kort_huur-betalen": "weg"})
    assert refused.status_code == 403 and (knowledge / "kort.yml").read_text(encoding="utf-8") == before


def test_writing_the_same_texts_keeps_the_file_byte_for_byte(knowledge: Path) -> None:
    before = (knowledge / "kort.yml").read_text(encoding="utf-8")
    write_short_texts(knowledge, read_short_texts(knowledge))
    assert (knowledge / "kort.yml").read_text(encoding="utf-8") == before
