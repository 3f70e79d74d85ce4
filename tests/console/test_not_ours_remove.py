"""A reviewer removes a subject that is not ours (after a confirm step) and restores it from its history:
live for the assistant at once, refused when someone changed it meanwhile, nothing lost on a bad submit."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

from flask.testing import FlaskClient

from console import not_ours
from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.not_ours import load_subjects, subject_files
from huurwijzer.conversation.not_ours_gate import not_ours_first
from huurwijzer.conversation.understanding import Decision
from tests.console.conftest import csrf
from tests.console.test_not_ours import MORTGAGE, _form, _subject

ASKED = "ik wil een hypotheek afsluiten"


def _remove(client: FlaskClient, key: str = MORTGAGE) -> None:
    """The two steps a browser takes: the button on the subject's page, then the confirm page's button."""
    form = _form(client, f"/niet-van-ons/{key}")
    first = client.post(f"/niet-van-ons/{key}/verwijderen", data={"csrf_token": form["csrf_token"],
                                                                  "bestand": form["bestand"]})
    page = first.get_data(as_text=True)
    assert first.status_code == 200 and "verwijderen?" in page and 'name="bevestigd" value="ja"' in page
    response = client.post(f"/niet-van-ons/{key}/verwijderen", data={
        "csrf_token": form["csrf_token"], "bestand": form["bestand"], "bevestigd": "ja"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/niet-van-ons/{key}")


def _restore_form(client: FlaskClient, key: str = MORTGAGE) -> Dict[str, str]:
    """The restore button of the newest version on a removed subject's page."""
    page = client.get(f"/niet-van-ons/{key}").get_data(as_text=True)
    version = re.search(r'name="versie" value="(\d+)"', page)
    last = re.search(r'name="laatste" value="(\d+)"', page)
    assert version and last, page[:1500]
    return {"csrf_token": csrf(client, "/niet-van-ons"), "versie": version.group(1), "laatste": last.group(1)}


def test_a_reviewer_removes_a_subject_after_confirming_and_the_assistant_stops_using_it(
        clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    gate_view = FileBacked(files=lambda: subject_files(knowledge), build=lambda: load_subjects(
        subject_files(knowledge)), interval_seconds=0)
    leaning = Decision("rent_payment", 0.6, "classifier")
    assert not_ours_first(leaning, ASKED, gate_view.get(), 0.5).intent == "out_of_scope"
    assert 'action="/niet-van-ons/hypotheek-huis-kopen/verwijderen"' in reviewer.get(
        f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    form = _form(reviewer, f"/niet-van-ons/{MORTGAGE}")
    asked_once = reviewer.post(f"/niet-van-ons/{MORTGAGE}/verwijderen",
                               data={"csrf_token": form["csrf_token"], "bestand": form["bestand"]})
    assert asked_once.status_code == 200 and path.exists()  # only the confirm step
    _remove(reviewer)
    assert not path.exists() and _subject(knowledge, ASKED) == "geen"
    assert not_ours_first(leaning, ASKED, gate_view.get(), 0.5).intent == "rent_payment"
    listing = reviewer.get("/niet-van-ons").get_data(as_text=True)
    assert "10 van 10" in listing and "Verwijderde onderwerpen" in listing and "verwijderd door rob" in listing
    page = reviewer.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "Hypotheek en een huis kopen (verwijderd)" in page and "(verwijderd)" in page
    assert "zoals het bestand was" in page and "Deze versie terugzetten" in page


def test_a_reviewer_restores_a_removed_subject_live(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    fields = not_ours.read_subject(path)
    _remove(reviewer)
    response = reviewer.post(f"/niet-van-ons/{MORTGAGE}/terugzetten", data=_restore_form(reviewer))
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    assert not_ours.read_subject(path) == fields and _subject(knowledge, ASKED) == MORTGAGE
    assert _subject(knowledge, "ik wil mijn huurwoning kopen") == "geen"  # its exceptions came back too
    page = reviewer.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "teruggezet van versie" in page and "verwijderd" in page and "Opslaan</button>" in page
    assert "Verwijderde onderwerpen" not in reviewer.get("/niet-van-ons").get_data(as_text=True)


def test_a_change_meanwhile_refuses_the_removal_and_the_restore(clients: Dict[str, FlaskClient],
                                                                 knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    form = _form(reviewer, f"/niet-van-ons/{MORTGAGE}")
    path.write_text(path.read_text(encoding="utf-8").replace("naam: Hypotheek", "naam: Hypotheken"), "utf-8")
    stale = reviewer.post(f"/niet-van-ons/{MORTGAGE}/verwijderen", data={
        "csrf_token": form["csrf_token"], "bestand": form["bestand"], "bevestigd": "ja"})
    assert stale.status_code == 409 and "Niet verwijderd" in stale.get_data(as_text=True) and path.exists()
    assert reviewer.post(f"/niet-van-ons/{MORTGAGE}/verwijderen", data={
        "csrf_token": form["csrf_token"], "bevestigd": "ja"}).status_code == 409 and path.exists()
    _remove(reviewer)
    restore = _restore_form(reviewer)
    edit = reviewer.post(f"/niet-van-ons/{MORTGAGE}", data={**form, "naam": "Mijn naam"})  # a form opened before
    assert edit.status_code == 409 and 'value="Mijn naam"' in edit.get_data(as_text=True) and not path.exists()
    assert reviewer.post(f"/niet-van-ons/{MORTGAGE}/terugzetten", data=restore).status_code == 302
    _remove(reviewer)  # someone removed it again: the page opened before shows an older history
    again = reviewer.post(f"/niet-van-ons/{MORTGAGE}/terugzetten", data=restore)
    assert again.status_code == 409 and "Niet teruggezet" in again.get_data(as_text=True) and not path.exists()


def test_a_restore_the_linter_refuses_keeps_the_old_version_in_the_form(clients: Dict[str, FlaskClient],
                                                                        knowledge: Path) -> None:
    reviewer, path = clients["rob"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    _remove(reviewer)
    other = knowledge / "niet-van-ons" / "vve-eigen-woning.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("woorden: [", "woorden: [overdrachtsbelasting, "),
                     "utf-8")
    response = reviewer.post(f"/niet-van-ons/{MORTGAGE}/terugzetten", data=_restore_form(reviewer))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and not path.exists() and "Niet teruggezet" in page
    assert "&#39;overdrachtsbelasting&#39; staat ook bij vve-eigen-woning.yml" in page
    assert 'value="hypotheek-huis-kopen"' in page and "onafhankelijke hypotheekadviseur" in page  # nothing lost


def test_an_editor_sees_a_removed_subject_but_cannot_remove_or_restore(clients: Dict[str, FlaskClient],
                                                                        knowledge: Path) -> None:
    editor, path = clients["eva"], knowledge / "niet-van-ons" / f"{MORTGAGE}.yml"
    assert "Onderwerp verwijderen" not in editor.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    form = {**_form(editor, f"/niet-van-ons/{MORTGAGE}"), "bevestigd": "ja"}
    assert editor.post(f"/niet-van-ons/{MORTGAGE}/verwijderen", data=form).status_code == 403 and path.exists()
    restore = _restore_form_after_removal(clients["rob"])
    page = editor.get(f"/niet-van-ons/{MORTGAGE}").get_data(as_text=True)
    assert "(verwijderd)" in page and "Deze versie terugzetten" not in page
    restore["csrf_token"] = csrf(editor, "/niet-van-ons")
    assert editor.post(f"/niet-van-ons/{MORTGAGE}/terugzetten", data=restore).status_code == 403
    assert not path.exists() and editor.get("/niet-van-ons/nooit-bestaan").status_code == 404


def _restore_form_after_removal(reviewer: FlaskClient) -> Dict[str, str]:
    _remove(reviewer)
    return _restore_form(reviewer)
