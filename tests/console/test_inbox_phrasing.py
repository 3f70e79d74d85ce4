"""Attaching an inbox group as a phrasing: a question the entry already has is not added a second
time (the draft could then not be offered for review: "dezelfde vraag staat er twee keer in"), and a
thumbs-down group (whose example is an entry id) is never added as a question."""

from __future__ import annotations

import re
from typing import Dict

from flask.testing import FlaskClient

from console.app import ConsoleConfig
from tests.console.conftest import csrf
from tests.console.test_insight import conversations, with_data  # noqa: F401 - fixture


def _questions(client: FlaskClient) -> str:
    found = re.search(r'<textarea id="vragen" name="vragen"[^>]*>(.*?)</textarea>',
                      client.get("/kennis/huisdieren").get_data(as_text=True), re.S)
    assert found
    return found.group(1)


def _anchor(page: str, label: str) -> str:
    found = re.search(r'id="g-([0-9a-f]+)" aria-labelledby="t-[0-9a-f]+">\s*<h2[^>]*>' + label, page)
    assert found, label
    return found.group(1)


def test_a_phrasing_the_entry_already_has_is_not_added_twice(console_config: ConsoleConfig,
                                                              clients: Dict[str, FlaskClient]) -> None:
    conversations(console_config.tracker_url, [
        (s, "mag ik een kat nemen?", "nlu_fallback", 0.3, None) for s in ("p", "q")])
    editor = clients["eva"]
    anchor = _anchor(editor.get("/inbox").get_data(as_text=True), "2 x")
    response = editor.post(f"/inbox/{anchor}/formulering", data={"csrf_token": csrf(editor, "/inbox"),
                                                                 "item": "huisdieren"})
    assert response.status_code == 302
    page = editor.get(response.headers["Location"]).get_data(as_text=True)
    assert "staat al bij" in page
    assert page.count("mag ik een kat nemen?") == 1  # once in the questions, not twice
    assert "twee keer" not in page
    assert f'id="g-{anchor}"' not in editor.get("/inbox").get_data(as_text=True)  # handled


def test_a_thumbs_down_group_is_not_added_as_a_question(with_data: ConsoleConfig,  # noqa: F811
                                                        clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    before = _questions(editor)
    anchor = _anchor(editor.get("/inbox").get_data(as_text=True), r'1 x <a href="/kennis/huisdieren">')
    response = editor.post(f"/inbox/{anchor}/formulering", data={"csrf_token": csrf(editor, "/inbox"),
                                                                 "item": "huisdieren"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox")
    assert "Een duim omlaag is geen vraag" in editor.get("/inbox").get_data(as_text=True)
    assert _questions(editor) == before and "huisdieren" not in before.split("\n")


def test_a_question_without_words_is_not_added_as_a_phrasing(console_config: ConsoleConfig,
                                                             clients: Dict[str, FlaskClient]) -> None:
    """QA, session 16: an emoji ("📷", a photo sent without text) from the inbox was added to an entry as a
    question to train on. Staff are told why not, and the group stays in the inbox to mark as handled."""
    conversations(console_config.tracker_url, [(s, "📷", "nlu_fallback", 0.3, None) for s in ("e", "f")])
    editor = clients["eva"]
    before = _questions(editor)
    anchor = _anchor(editor.get("/inbox").get_data(as_text=True), "2 x")
    response = editor.post(f"/inbox/{anchor}/formulering", data={"csrf_token": csrf(editor, "/inbox"),
                                                                 "item": "huisdieren"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/inbox")
    page = editor.get("/inbox").get_data(as_text=True)
    assert "heeft geen woorden" in page and f'id="g-{anchor}"' in page
    assert _questions(editor) == before


def test_words_beside_masked_data_count() -> None:
    from console.inbox import has_words

    assert has_words("mijn postcode is [postcode]") and has_words("wc!")
    assert not has_words("📷") and not has_words("[weggelaten]") and not has_words("?? 👍 123")
