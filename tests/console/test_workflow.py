"""Editing, review and publication through the console's pages, and what lands in knowledge/."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import yaml
from flask.testing import FlaskClient

from tests.console.conftest import csrf

NEW_ANSWER = "Huisdieren mogen, zolang ze geen overlast geven. Bel {telefoon} bij vragen.\nDank u wel."


def entry_form(client: FlaskClient, key: str, **changes: str) -> Dict[str, str]:
    page = client.get(f"/kennis/{key}")
    assert page.status_code == 200
    data = yaml.safe_load((Path(client.application.config["KNOWLEDGE_DIR"]) / "entries" / f"{key}.yml").read_text())
    return {"csrf_token": csrf(client, f"/kennis/{key}"), "titel": data["title"], "onderwerp": data["topic"],
            "vragen": "\n".join(data["questions"]), "antwoord": data["answer"], **changes}


def test_every_page_opens_for_an_admin(clients: Dict[str, FlaskClient]) -> None:
    admin = clients["ada"]
    for path in ("/dashboard", "/kennis", "/kennis?zoek=kat", "/kennis?status=published&onderwerp=pets",
                 "/kennis/huisdieren", "/kennis/nieuw", "/reparaties", "/reparaties?zoek=kraan",
                 "/reparaties/kraanleertje", "/profiel", "/inbox", "/beheer", "/dashboard.csv",
                 "/dashboard?van=2026-11-01&tot=2026-11-23", "/dashboard?van=onzin"):
        response = admin.get(path)
        assert response.status_code == 200, (path, response.get_data(as_text=True)[:300])


def test_draft_review_publish_goes_to_the_file(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    form = entry_form(editor, "huisdieren", antwoord=NEW_ANSWER, actie="opslaan")
    assert editor.post("/kennis/huisdieren", data=form).status_code == 302
    assert "concept" in editor.get("/kennis/huisdieren").get_data(as_text=True)
    file = knowledge / "entries" / "huisdieren.yml"
    assert NEW_ANSWER not in file.read_text()  # a draft is not live
    form = entry_form(editor, "huisdieren", antwoord=NEW_ANSWER, actie="aanbieden")
    editor.post("/kennis/huisdieren", data=form)
    token = csrf(reviewer, "/kennis/huisdieren")
    assert reviewer.post("/stuk/entry/huisdieren/publiceren", data={"csrf_token": token}).status_code == 302
    saved = yaml.safe_load(file.read_text())
    assert saved["answer"] == NEW_ANSWER + "\n" and saved["status"] == "published"
    history = reviewer.get("/kennis/huisdieren").get_data(as_text=True)
    assert "gepubliceerd" in history and "rob" in history and "eva" in history


def test_offering_for_review_refuses_lint_problems_with_the_cli_message(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    form = entry_form(editor, "huisdieren", antwoord="Bel {telefoonnummer}.", actie="aanbieden")
    response = editor.post("/kennis/huisdieren", data=form)
    assert response.status_code == 400
    assert "knowledge/entries/huisdieren.yml:" in response.get_data(as_text=True)
    assert "onbekend veld {telefoonnummer}" in response.get_data(as_text=True)


def test_live_preview_fills_profile_fields_and_lints(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    token = csrf(editor, "/kennis/huisdieren")
    fields = {"id": "huisdieren", "topic": "pets", "title": "Huisdieren", "status": "draft", "owner": "Team Wonen",
              "last_reviewed": "2026-11-20",
              "questions": "mag ik een kat?\nmag een hond?\nhuisdier toegestaan?\nkonijn houden?\nmag een vogel?"}
    wrong = editor.post("/api/voorbeeld", json={**fields, "answer": "Bel ons op {telefoon} of {fout} voor vragen."},
                        headers={"X-CSRFToken": token}).get_json()
    assert wrong["voorbeeld"].startswith("(Voorbeeld niet mogelijk")
    assert wrong["meldingen"] == ["knowledge/entries/huisdieren.yml:15: answer: onbekend veld {fout}; "
                                  "zie de lijst in knowledge/README.md"]
    good = editor.post("/api/voorbeeld", json={**fields, "answer": "Bel ons op {telefoon} voor vragen."},
                       headers={"X-CSRFToken": token}).get_json()
    assert good == {"voorbeeld": "Bel ons op 088 - 000 12 34 voor vragen.", "meldingen": []}


def test_retire_and_restore(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    reviewer, editor = clients["rob"], clients["eva"]
    original = yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text())["answer"]
    token = csrf(reviewer, "/kennis/huisdieren")
    reviewer.post("/stuk/entry/huisdieren/intrekken", data={"csrf_token": token})
    assert yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text())["status"] == "retired"
    editor.post("/kennis/huisdieren", data=entry_form(editor, "huisdieren", antwoord="Iets anders.",
                                                      actie="opslaan"))
    page = editor.get("/kennis/huisdieren").get_data(as_text=True)
    import re

    oldest = re.findall(r'/versie/(\d+)/terugzetten', page)[-1]
    editor.post(f"/versie/{oldest}/terugzetten", data={"csrf_token": csrf(editor, "/kennis/huisdieren")})
    reviewer.post("/stuk/entry/huisdieren/publiceren", data={"csrf_token": csrf(reviewer, "/kennis/huisdieren")})
    saved = yaml.safe_load((knowledge / "entries" / "huisdieren.yml").read_text())
    assert saved["answer"] == original and saved["status"] == "published"


def test_new_entry_from_the_form(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    token = csrf(editor, "/kennis/nieuw")
    bad = editor.post("/kennis/nieuw", data={"csrf_token": token, "id": "Glas Schade!", "titel": "x",
                                             "onderwerp": "insurance"})
    assert bad.status_code == 400 and "kleine letters" in bad.get_data(as_text=True)
    ok = editor.post("/kennis/nieuw", data={"csrf_token": token, "id": "glasschade-melden",
                                            "titel": "Glasschade melden", "onderwerp": "insurance",
                                            "vraag": "mijn raam is gebroken"})
    assert ok.status_code == 302
    again = editor.post("/kennis/nieuw", data={"csrf_token": token, "id": "glasschade-melden", "titel": "x",
                                               "onderwerp": "insurance"})
    assert again.status_code == 400 and "bestaat al" in again.get_data(as_text=True)


def test_repair_object_edit_and_publish(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    token = csrf(editor, "/reparaties/kraanleertje")
    response = editor.post("/reparaties/kraanleertje", data={
        "csrf_token": token, "naam": "kraanleertje", "synoniemen": "kraanleer\nleertje\nkraantje drupt",
        "partij": "huurder", "uitleg": "Een kraanleertje vervangen is een kleine reparatie.", "actie": "aanbieden"})
    assert response.status_code == 302
    reviewer.post("/stuk/repair/kraanleertje/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
    objects = yaml.safe_load((knowledge / "repairs.yml").read_text())["objects"]
    first = next(o for o in objects if o["id"] == "kraanleertje")
    assert first["patterns"] == ["kraanleer", "leertje", "kraantje drupt"]
    assert len(objects) == 156 and (knowledge / "repairs.yml").read_text().startswith("# Wie repareert wat")


def test_admin_changes_the_profile(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin = clients["ada"]
    page = admin.get("/profiel").get_data(as_text=True)
    import re

    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
    fields.update(telefoon="088 - 111 22 33", csrf_token=csrf(admin, "/profiel"))
    assert admin.post("/profiel", data=fields).status_code == 302
    text = (knowledge / "corporation.yml").read_text()
    assert "telefoon: 088 - 111 22 33" in text and "# Corporatieprofiel" in text
    fields.update(uren_telefoon_maandag="de hele dag")
    refused = admin.post("/profiel", data=fields)
    assert refused.status_code == 400 and "de hele dag" not in (knowledge / "corporation.yml").read_text()


def test_unknown_pages_and_methods_get_a_dutch_message(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    missing = editor.get("/kennis/bestaat-niet")
    assert missing.status_code == 404 and "bestaat niet" in missing.get_data(as_text=True)
    assert editor.get("/stuk/entry/huisdieren/publiceren").status_code == 405
    too_big = editor.post("/kennis/huisdieren", data={"csrf_token": csrf(editor, "/kennis"), "antwoord": "x" * 600_000})
    assert too_big.status_code == 413 and "te veel tekst" in too_big.get_data(as_text=True)
