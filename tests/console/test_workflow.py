"""Editing, review and publication through the console's pages, and what lands in knowledge/."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict

import yaml
from flask import Flask
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
                 "/reparaties/kraanleertje", "/reparaties/nieuw", "/profiel", "/inbox", "/beheer", "/dashboard.csv",
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
    # qa3: a stray brace showed Python's own English words ("unexpected '{' in field name") to staff.
    brace = editor.post("/api/voorbeeld", json={**fields, "answer": "Een kat mag {telefoon. Bel ons."},
                        headers={"X-CSRFToken": token}).get_json()
    assert brace["voorbeeld"] == ("(Voorbeeld niet mogelijk: losse { of } gevonden; gebruik accolades alleen "
                                  "rond een veldnaam)")
    good = editor.post("/api/voorbeeld", json={**fields, "answer": "Bel ons op {telefoon} voor vragen."},
                       headers={"X-CSRFToken": token}).get_json()
    assert good == {"voorbeeld": "Bel ons op 088 - 000 12 34 voor vragen.", "meldingen": [], "waarschuwingen": []}
    # qa5: questions sent as a JSON list were read as one question "['mag ik een kat?', ...]"
    listed = editor.post("/api/voorbeeld", json={**fields, "questions": fields["questions"].splitlines(),
                                                 "answer": "Bel ons op {telefoon} voor vragen."},
                         headers={"X-CSRFToken": token}).get_json()
    assert listed == good


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


def repair_form(client: FlaskClient, key: str, **changes: str) -> Dict[str, str]:
    """The repair page's form as the browser sends it: checkboxes only when ticked."""
    data = next(o for o in yaml.safe_load((Path(client.application.config["KNOWLEDGE_DIR"]) / "repairs.yml")
                                          .read_text())["objects"] if o["id"] == key)
    form = {"csrf_token": csrf(client, f"/reparaties/{key}"), "naam": data["name"],
            "synoniemen": "\n".join(data["patterns"]), "partij": data["party"], "basis": data["basis"],
            "uitleg": data["explanation"], "voorwaarde": data.get("condition", ""),
            **({"abonnement": "ja"} if data["subscription"] else {}), **({"spoed": "ja"} if data["urgent"] else {})}
    return {**form, **changes}


def repairs(knowledge: Path) -> Dict[str, Dict[str, object]]:
    return {o["id"]: o for o in yaml.safe_load((knowledge / "repairs.yml").read_text())["objects"]}


def test_repair_object_edit_and_publish(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    before = (knowledge / "repairs.yml").read_text()
    response = editor.post("/reparaties/kraanleertje", data=repair_form(
        editor, "kraanleertje", synoniemen="kraanleer\nleertje\nkraantje drupt", actie="aanbieden"))
    assert response.status_code == 302
    reviewer.post("/stuk/repair/kraanleertje/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
    objects = repairs(knowledge)
    first = objects["kraanleertje"]
    assert first["patterns"] == ["kraanleer", "leertje", "kraantje drupt"]
    assert first["subscription"] is True and first["basis"] == "wet" and "condition" not in first
    assert len(objects) == before.count("\n  - id: ") and (knowledge / "repairs.yml").read_text().startswith(
        "# Wie repareert wat")
    # Only the changed object's lines differ: every other object is written as it was. Publishing
    # records who checked it when; the sources stay.
    changed = [line for line in (knowledge / "repairs.yml").read_text().splitlines() if line not in before.splitlines()]
    assert changed[0] == "    - kraantje drupt" and changed[-1] == "      by: rob" and len(changed) <= 3
    assert first["reviewed"]["by"] == "rob" and "BWBR0014931" in first["sources"][0]["url"]


def test_repair_fields_party_basis_subscription_urgent_and_condition(clients: Dict[str, FlaskClient],
                                                                     knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    form = repair_form(editor, "buitenkraan", partij="verhuurder", basis="bij_ons", spoed="ja",
                       voorwaarde="Bij vorstschade door een open buitenkraan betaalt u zelf.", actie="aanbieden")
    form.pop("abonnement")
    assert editor.post("/reparaties/buitenkraan", data=form).status_code == 302
    reviewer.post("/stuk/repair/buitenkraan/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
    saved = repairs(knowledge)["buitenkraan"]
    assert (saved["party"], saved["basis"], saved["subscription"], saved["urgent"]) == ("verhuurder", "bij_ons",
                                                                                        False, True)
    assert saved["condition"] == "Bij vorstschade door een open buitenkraan betaalt u zelf."
    # the file's field order (the English twins, knowledge/repairs.yml, after the Dutch texts)
    # (each English text followed by the fingerprint of the Dutch text it translates)
    assert list(saved)[-8:] == ["explanation", "condition", "explanation_en", "explanation_en_of", "condition_en",
                                "condition_en_of", "sources", "reviewed"]


def test_new_repair_object_is_reviewed_published_and_matched(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    from huurwijzer.content.repairs import load_repairs

    editor, reviewer = clients["eva"], clients["rob"]
    assert load_repairs(knowledge / "repairs.yml").match("wie repareert mijn hondenluik?") is None
    new = {"csrf_token": csrf(editor, "/reparaties/nieuw"), "id": "hondenluik", "naam": "hondenluik",
           "synoniemen": "", "partij": "huurder", "basis": "bij_ons",
           "uitleg": "Een hondenluik dat u zelf heeft geplaatst, onderhoudt u zelf.",
           "bronnen": "Ons onderhouds-ABC | {website}/onderhoud-abc"}
    assert editor.post("/reparaties/nieuw", data=new).status_code == 302  # a draft may be unfinished
    assert "hondenluik" not in repairs(knowledge)
    fields = {**repair_form_new(new), "actie": "aanbieden", "csrf_token": csrf(editor, "/reparaties/hondenluik")}
    refused = editor.post("/reparaties/hondenluik", data=fields)
    assert refused.status_code == 400 and "zoekwoorden" in refused.get_data(as_text=True)
    offered = editor.post("/reparaties/hondenluik", data={**fields, "synoniemen": "hondenluik\nkattenluik"})
    assert offered.status_code == 302
    assert "hondenluik" not in repairs(knowledge)  # not before a reviewer publishes
    reviewer.post("/stuk/repair/hondenluik/publiceren", data={"csrf_token": csrf(reviewer, "/reparaties")})
    assert list(repairs(knowledge))[-1] == "hondenluik"
    match = load_repairs(knowledge / "repairs.yml").match("wie repareert mijn hondenluik?")
    assert match is not None and match.object.id == "hondenluik" and match.party == "huurder"
    again = editor.post("/reparaties/nieuw", data={**new, "synoniemen": "x"})
    assert again.status_code == 400 and "bestaat al" in again.get_data(as_text=True)
    bad_id = editor.post("/reparaties/nieuw", data={**new, "id": "Zon Scherm!"})
    assert bad_id.status_code == 400 and "kleine letters" in bad_id.get_data(as_text=True)


def repair_form_new(new: Dict[str, str]) -> Dict[str, str]:
    return {key: value for key, value in new.items() if key not in ("id", "csrf_token")}


def test_retire_and_restore_a_repair_object(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    from huurwijzer.content.repairs import load_repairs

    reviewer = clients["rob"]
    count = len(repairs(knowledge))
    token = csrf(reviewer, "/reparaties/buitenkraan")
    assert reviewer.post("/stuk/repair/buitenkraan/intrekken", data={"csrf_token": token}).status_code == 302
    assert "buitenkraan" not in repairs(knowledge) and len(repairs(knowledge)) == count - 1
    found = load_repairs(knowledge / "repairs.yml").match("mijn buitenkraan druppelt")
    assert found is None or found.object.id != "buitenkraan"
    page = reviewer.get("/reparaties/buitenkraan").get_data(as_text=True)
    assert "ingetrokken" in page
    version = re.findall(r'/versie/(\d+)/terugzetten', page)[-1]
    reviewer.post(f"/versie/{version}/terugzetten", data={"csrf_token": token})
    reviewer.post("/stuk/repair/buitenkraan/publiceren", data={"csrf_token": token})
    assert "buitenkraan" in repairs(knowledge)


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


def test_a_profile_version_cannot_be_restored_as_a_draft(app: Flask, clients: Dict[str, FlaskClient]) -> None:
    """The profile has no review step: a restored draft of it could never go live (it used to end on
    a 404 page with a stray draft stored). The editor is told where the profile is changed."""
    import re

    from console import store
    from console.services import unit

    admin, editor = clients["ada"], clients["eva"]
    fields = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', admin.get("/profiel").get_data(as_text=True)))
    fields.update(telefoon="088 - 111 22 33", csrf_token=csrf(admin, "/profiel"))
    assert admin.post("/profiel", data=fields).status_code == 302
    with app.app_context(), unit() as session:
        profile = store.history(session, "profile", "corporation")
    assert profile and all(v.state == "published" for v in profile)
    reply = editor.post(f"/versie/{profile[-1].id}/terugzetten", data={"csrf_token": csrf(editor, "/kennis")},
                        follow_redirects=True)
    assert reply.status_code == 200
    assert "Alleen kennisbank-items en reparatie-onderdelen" in reply.get_data(as_text=True)
    with app.app_context(), unit() as session:
        assert store.history(session, "profile", "corporation") == profile


def test_unknown_pages_and_methods_get_a_dutch_message(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    missing = editor.get("/kennis/bestaat-niet")
    assert missing.status_code == 404 and "bestaat niet" in missing.get_data(as_text=True)
    assert editor.get("/stuk/entry/huisdieren/publiceren").status_code == 405
    too_big = editor.post("/kennis/huisdieren", data={"csrf_token": csrf(editor, "/kennis"), "antwoord": "x" * 600_000})
    assert too_big.status_code == 413 and "te veel tekst" in too_big.get_data(as_text=True)


def test_sources_and_review_are_kept_edited_and_recorded(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    editor, reviewer = clients["eva"], clients["rob"]
    file = knowledge / "entries" / "huisdieren.yml"
    before = yaml.safe_load(file.read_text())
    assert before["sources"] and before["reviewed"]["date"]
    page = editor.get("/kennis/huisdieren").get_data(as_text=True)
    assert before["sources"][0]["url"] in page  # shown in the "Bronnen" field
    # a form without the field (an older page) keeps the sources
    editor.post("/kennis/huisdieren", data=entry_form(editor, "huisdieren", antwoord=NEW_ANSWER, actie="aanbieden"))
    reviewer.post("/stuk/entry/huisdieren/publiceren", data={"csrf_token": csrf(reviewer, "/kennis/huisdieren")})
    saved = yaml.safe_load(file.read_text())
    assert saved["sources"] == before["sources"] and saved["reviewed"]["by"] == "rob"
    # an emptied field is refused with the linter's message; a new source is saved
    refused = editor.post("/kennis/huisdieren", data=entry_form(editor, "huisdieren", bronnen="", actie="aanbieden"))
    assert refused.status_code == 400 and "sources" in refused.get_data(as_text=True)
    new = "BW 7:213 (goed huurderschap) | https://wetten.overheid.nl/BWBR0005290"
    editor.post("/kennis/huisdieren", data=entry_form(editor, "huisdieren", bronnen=new, actie="aanbieden"))
    reviewer.post("/stuk/entry/huisdieren/publiceren", data={"csrf_token": csrf(reviewer, "/kennis/huisdieren")})
    assert yaml.safe_load(file.read_text())["sources"] == [
        {"title": "BW 7:213 (goed huurderschap)", "url": "https://wetten.overheid.nl/BWBR0005290"}]


def test_by_law_repair_without_a_law_source_cannot_be_offered(clients: Dict[str, FlaskClient]) -> None:
    editor = clients["eva"]
    form = repair_form(editor, "gordijnrail", basis="wet", bronnen="Woonbond | https://www.woonbond.nl/",
                       actie="aanbieden")
    refused = editor.post("/reparaties/gordijnrail", data=form)
    assert refused.status_code == 400 and "Besluit kleine herstellingen of het BW" in refused.get_data(as_text=True)
