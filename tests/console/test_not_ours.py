"""Subjects that are not ours (knowledge/niet-van-ons/) in the console (/niet-van-ons): every staff member
lists and reads them, a reviewer adds and changes them, live for the assistant at once and checked by the
same linter as `bot.kennis controleer`, its Dutch messages next to the field, nothing typed lost."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

from flask import Flask
from flask.testing import FlaskClient

from console.app import ConsoleConfig
from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.lint import profile_values
from huurwijzer.content.loader import build_content
from huurwijzer.content.not_ours import load_subjects, subject_files, subject_named
from huurwijzer.content.not_ours_lint import not_ours_problems
from huurwijzer.conversation.not_ours_gate import not_ours_first
from huurwijzer.conversation.understanding import Decision
from tests.console.conftest import csrf
from tests.console.test_insight import conversations

NEW = {"id": "school-en-kinderopvang", "naam": "School en kinderopvang",
       "woorden": "basisschool*\nkinderdagverblijf*, peuterspeelzaal*",
       "behalve": "speeltuin", "antwoord": "Over school en kinderopvang gaat de gemeente.",
       "woorden_en": "daycare*", "antwoord_en": "Your municipality can help you with school and daycare."}
MORTGAGE = "hypotheek-huis-kopen"


def _subject(knowledge: Path, text: str) -> str:
    """The id of the subject the assistant reads in `text` (None when none)."""
    found = subject_named(build_content(knowledge).not_ours, text)
    return found.id if found else "geen"


def _form(client: FlaskClient, path: str) -> Dict[str, str]:
    """The form on `path` as the browser would post it, untouched."""
    page = client.get(path).get_data(as_text=True)
    fields = {m.group(1): m.group(2) for m in re.finditer(r'<input[^>]*name="(\w+)" value="([^"]*)"', page)}
    fields.update({m.group(1): m.group(2).replace("&#39;", "'").replace("&#34;", '"').replace("&amp;", "&")
                   for m in re.finditer(r'<textarea[^>]*name="(\w+)"[^>]*>([^<]*)</textarea>', page)})
    return fields


def test_every_staff_member_lists_and_reads_them_from_the_menu(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    assert 'href="/niet-van-ons"' in editor.get("/dashboard").get_data(as_text=True)  # in the menu
    page = editor.get("/niet-van-ons").get_data(as_text=True)
    assert "11 van 11 onderwerpen" in page and "Hypotheek en een huis kopen" in page and "in orde" in page
    assert "1 van 11" in editor.get("/niet-van-ons?zoek=overdrachtsbelasting").get_data(as_text=True)
    item = editor.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "hypotheek*\nhypothecair*" in item and "onafhankelijke hypotheekadviseur" in item
    assert editor.get("/niet-van-ons/bestaat-niet").status_code == 404


def test_a_reviewer_adds_a_subject_and_the_assistant_uses_it(clients: Dict[str, FlaskClient],
                                                              knowledge: Path) -> None:
    reviewer = clients["rob"]
    # As the NLU gate holds the folder (bot.nlu.gate.live_not_ours): reread when its files change.
    gate_view = FileBacked(files=lambda: subject_files(knowledge), build=lambda: load_subjects(
        subject_files(knowledge)), interval_seconds=0)
    asked, leaning = "waar vind ik een kinderdagverblijf", Decision("pets", 0.6, "classifier")
    assert not_ours_first(leaning, asked, gate_view.get(), 0.5).intent == "pets"
    assert _subject(knowledge, asked) == "geen"
    response = reviewer.post("/niet-van-ons/nieuw", data={"csrf_token": csrf(reviewer, "/niet-van-ons"), **NEW})
    assert response.status_code == 302 and response.headers["Location"].endswith("/niet-van-ons/school-en-kinderopvang")
    assert not_ours_first(leaning, asked, gate_view.get(), 0.5).intent == "out_of_scope"
    assert _subject(knowledge, "waar vind ik een kinderdagverblijf") == "school-en-kinderopvang"
    assert _subject(knowledge, "is there a daycare nearby") == "school-en-kinderopvang"
    assert _subject(knowledge, "de peuterspeelzaal bij de speeltuin") == "geen"  # its exception
    assert not_ours_problems(knowledge, profile_values(knowledge / "corporation.yml")) == []
    page = reviewer.get("/niet-van-ons/school-en-kinderopvang").get_data(as_text=True)
    assert "nieuw onderwerp" in page and "rob" in page  # the history
    assert "12 van 12" in reviewer.get("/niet-van-ons").get_data(as_text=True)


def test_a_reviewer_changes_a_subject_live_and_the_old_one_stays_in_the_history(
        clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, folder = clients["rob"], knowledge / "niet-van-ons"
    others = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yml") if p.stem != MORTGAGE}
    assert _subject(knowledge, "wat is een bouwdepot") == "geen"
    form = _form(reviewer, f"/niet-van-ons/{MORTGAGE}")
    form["woorden"] += "\nbouwdepot"
    response = reviewer.post(f"/niet-van-ons/{MORTGAGE}", data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert _subject(knowledge, "wat is een bouwdepot") == MORTGAGE
    assert _subject(knowledge, "ik wil mijn huurwoning kopen") == "geen"  # the exceptions stayed
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.yml") if p.stem != MORTGAGE} == others
    page = reviewer.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "zoals het bestand was" in page and "gewijzigd" in page


def test_bad_input_keeps_the_text_and_shows_the_linters_message_next_to_the_field(
        clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer = clients["rob"]
    path = knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    before = path.read_text(encoding="utf-8")
    form = {**_form(reviewer, f"/niet-van-ons/{MORTGAGE}"), "woorden": "hypotheek*\nik\nuwv",
            "antwoord": "Mijn nieuwe tekst. Bel {telefoonnr}."}
    response = reviewer.post(f"/niet-van-ons/{MORTGAGE}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and path.read_text(encoding="utf-8") == before
    assert "hypotheek*\nik\nuwv</textarea>" in page and "Mijn nieuwe tekst. Bel {telefoonnr}.</textarea>" in page
    words = page.split('id="woorden"')[1].split("<label")[0]  # the words field and what follows it
    assert "&#39;ik&#39; is te kort (minstens 3 letters)" in words
    assert "&#39;uwv&#39; staat ook bij werk-en-uitkering.yml" in words
    assert "onbekend veld {telefoonnr}" in page.split('id="antwoord"')[1].split("<label")[0]
    assert 'aria-invalid="true"' in page
    new = reviewer.post("/niet-van-ons/nieuw", data={"csrf_token": form["csrf_token"], **NEW, "id": MORTGAGE})
    assert new.status_code == 400 and "Er is al een onderwerp met het id" in new.get_data(as_text=True)
    assert "Over school en kinderopvang gaat de gemeente" in new.get_data(as_text=True)
    missing = reviewer.post("/niet-van-ons/nieuw", data={"csrf_token": form["csrf_token"], **NEW, "naam": ""})
    assert missing.status_code == 400 and "&#39;naam&#39; ontbreekt" in missing.get_data(as_text=True)
    assert not (knowledge / "niet-van-ons" / "school-en-kinderopvang.yml").exists()


def test_an_editor_reads_but_cannot_add_or_change(app: Flask, clients: Dict[str, FlaskClient],
                                                  knowledge: Path) -> None:
    editor, path = clients["eva"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    before = path.read_text(encoding="utf-8")
    item = editor.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "readonly" in item and "Opslaan</button>" not in item
    assert "Nieuw onderwerp" not in editor.get("/niet-van-ons").get_data(as_text=True)
    token = csrf(editor, "/niet-van-ons")
    form = {**_form(editor, f"/niet-van-ons/{MORTGAGE}"), "woorden": "weg", "csrf_token": token}
    assert editor.post(f"/niet-van-ons/{MORTGAGE}", data=form).status_code == 403
    assert editor.get("/niet-van-ons/nieuw").status_code == 403
    assert editor.post("/niet-van-ons/nieuw", data={"csrf_token": token, **NEW}).status_code == 403
    assert path.read_text(encoding="utf-8") == before and not (path.parent / "school-en-kinderopvang.yml").exists()
    assert clients["rob"].post(f"/niet-van-ons/{MORTGAGE}", data={**form, "csrf_token": "vervalst"}).status_code == 400
    assert path.read_text(encoding="utf-8") == before
    anonymous = app.test_client().get("/niet-van-ons")
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/inloggen")


def test_a_change_made_meanwhile_is_not_overwritten(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    form = {**_form(reviewer, f"/niet-van-ons/{MORTGAGE}"), "naam": "Mijn naam"}
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Hypotheek", "naam: Hypotheken"), "utf-8")
    response = reviewer.post(f"/niet-van-ons/{MORTGAGE}", data=form)
    assert response.status_code == 409 and 'value="Mijn naam"' in response.get_data(as_text=True)
    assert "naam: Hypotheken" in path.read_text(encoding="utf-8")


def test_an_inbox_question_starts_a_new_subject(console_config: ConsoleConfig, clients: Dict[str, FlaskClient],
                                                knowledge: Path) -> None:
    conversations(console_config.tracker_url, [("a", "waar vind ik een kinderdagverblijf", "nlu_fallback", 0.3, None),
                                               ("b", "waar vind ik een kinderdagverblijf?", "nlu_fallback", 0.2, None)])
    reviewer = clients["rob"]
    page = reviewer.get("/inbox").get_data(as_text=True)
    anchor = re.search(r'id="g-([0-9a-f]+)" aria-labelledby="t-[0-9a-f]+">\s*<h2[^>]*>2 x', page).group(1)
    assert f"/niet-van-ons/nieuw?vraag=waar+vind+ik+een+kinderdagverblijf&amp;groep={anchor}" in page
    assert "/niet-van-ons/nieuw" not in clients["eva"].get("/inbox").get_data(as_text=True)  # an editor may not
    form = reviewer.get(f"/niet-van-ons/nieuw?vraag=waar+vind+ik+een+kinderdagverblijf&groep={anchor}")
    assert "Vraag uit de inbox" in form.get_data(as_text=True)
    response = reviewer.post("/niet-van-ons/nieuw", data={"csrf_token": csrf(reviewer, "/inbox"), **NEW,
                                                           "groep": anchor})
    assert response.status_code == 302 and _subject(knowledge, "waar vind ik een kinderdagverblijf") != "geen"
    assert f'id="g-{anchor}"' not in reviewer.get("/inbox").get_data(as_text=True)
    assert "niet van ons: school-en-kinderopvang" in reviewer.get("/inbox?alles=1").get_data(as_text=True)
