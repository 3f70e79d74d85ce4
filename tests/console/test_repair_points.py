"""The repair page's points to fix (QA, session 16): an empty name was not among them when another point
came first, the object was called "onderdeel 1", and the points showed a file path and English field names."""

from __future__ import annotations

import html
from typing import Dict

from flask.testing import FlaskClient

from tests.console.test_workflow import repair_form


def test_every_point_is_listed_by_the_objects_name_in_the_pages_words(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    form = repair_form(editor, "kraanleertje", naam="", synoniemen="", actie="aanbieden")
    page = html.unescape(editor.post("/reparaties/kraanleertje", data=form).get_data(as_text=True))
    assert "kraanleertje: veld 'Naam' ontbreekt of is leeg" in page
    assert "kraanleertje: 'Synoniemen' moet een lijst met zoekwoorden zijn" in page
    for internal in ("onderdeel 1", "repairs.yml", "'name'", "'patterns'"):
        assert internal not in page, internal
