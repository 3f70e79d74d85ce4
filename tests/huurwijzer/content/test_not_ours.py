"""Subjects that are not ours, kept by staff in knowledge/niet-van-ons/ (issue 15, out of scope): the words that
mark them, the exceptions that keep a message ours, and the content check staff act on (`path:line: message`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from huurwijzer.content.lint_folder import lint_knowledge
from huurwijzer.content.loader import Content
from huurwijzer.content.not_ours import subject_named

ROOT = Path(__file__).resolve().parents[3]


def _named(content: Content, text: str) -> str | None:
    found = subject_named(content.not_ours, text)
    return found.id if found else None


def test_shipped_subjects_are_seeded_and_answered(content: Content) -> None:
    assert 5 <= len(content.not_ours) <= 12
    assert all(s.answer.strip() and s.answer_en for s in content.not_ours)


@pytest.mark.parametrize("text, subject", [
    ("Hoeveel hypotheek kan ik krijgen met mijn inkomen?", "hypotheek-huis-kopen"),
    ("Is de hypotheekrente nu hoog?", "hypotheek-huis-kopen"),  # a word with * may be longer
    ("How much mortgage can I get?", "hypotheek-huis-kopen"),  # English words mark the same subject
    ("Mijn particuliere verhuurder repareert de kachel niet", "particuliere-verhuurder"),
    ("Hoe vraag ik zorgtoeslag aan?", "belasting-en-toeslagen"),
    ("Welke huisarts neemt nog patiënten aan?", "zorg-en-gezondheid"),
    ("Mijn internet van Ziggo doet het niet", "internet-tv-telefoon"),
    ("Waar vraag ik een nieuw paspoort aan?", "gemeente-documenten"),
    ("De lantaarnpaal in onze straat is kapot", "openbare-ruimte"),
])
def test_words_mark_a_subject(content: Content, text: str, subject: str) -> None:
    assert _named(content, text) == subject


@pytest.mark.parametrize("text", [
    "Kan ik mijn huurwoning kopen?",  # exception: corporations sell some homes to their tenants
    "We hebben een koophuis gevonden, hoe zeg ik de huur op?",  # ending the tenancy is ours
    "Hoe vraag ik huurtoeslag aan bij de Belastingdienst?",  # huurtoeslag is ours
    "De huisarts zegt dat de schimmel in de slaapkamer slecht is voor mijn zoon",  # mould is ours
    "Ik heb een uitkering van het UWV, mag ik de huur later betalen?",  # rent is ours
    "Moet ik een kopie van mijn paspoort meesturen als ik opzeg?",  # a document we ask for
    "De lamp op de galerij is kapot",  # the gallery is ours, not the street's
    "Let's say (hypothetically) we want a third tenant",  # not a mortgage
    "Mag ik een parkeervergunning voor de garage onder de flat?",  # our garage
])
def test_exceptions_and_our_own_words_keep_a_message_ours(content: Content, text: str) -> None:
    assert _named(content, text) is None


def _messages(knowledge: Path) -> list[str]:
    return [str(p).replace(str(knowledge) + "/", "") for p in lint_knowledge(knowledge)]


def test_shipped_subjects_are_clean() -> None:
    assert not [m for m in _messages(ROOT / "knowledge") if "niet-van-ons" in m]


def test_content_check_names_file_line_and_fix(knowledge_copy: Path) -> None:
    path = knowledge_copy / "niet-van-ons" / "hypotheek-koop.yml"
    path.write_text("id: hypotheek\n"                                    # 1: id is not the file name
                    "naam: Hypotheek\n"
                    "woorden: [hypotheek, ik,\n"                          # 3: too short
                    "  makelaar*]\n"                                      # 4: also in hypotheek-huis-kopen.yml
                    "woorden_en: [mortgage broker]\n"                    # 5: no antwoord_en
                    "behalve: [hypotheek]\n"
                    "antwoord: Bel ons op {telefoonnummer}.\n"           # 7: unknown field
                    "opmerking: x\n", encoding="utf-8")                   # 8: unknown key
    found = [m for m in _messages(knowledge_copy) if m.startswith("niet-van-ons/hypotheek-koop.yml")]
    where = "niet-van-ons/hypotheek-koop.yml"
    assert f"{where}:1: id: 'hypotheek' moet gelijk zijn aan de bestandsnaam zonder .yml ('hypotheek-koop')" in found
    assert any(m.startswith(f"{where}:3: woorden: 'ik' is te kort") for m in found)
    assert any(m.startswith(f"{where}:3: woorden: 'hypotheek' staat ook onder behalve") for m in found)
    assert any(m.startswith(f"{where}:4: woorden: 'makelaar*' staat ook bij hypotheek-huis-kopen.yml") for m in found)
    assert any(m.startswith(f"{where}:5: woorden_en staat er, maar antwoord_en ontbreekt") for m in found)
    assert f"{where}:7: antwoord: onbekend veld {{telefoonnummer}}" in found
    assert any(m.startswith(f"{where}:8: onbekend veld 'opmerking'") for m in found)


def test_content_check_reports_a_missing_answer_and_bad_yaml(knowledge_copy: Path) -> None:
    folder = knowledge_copy / "niet-van-ons"
    (folder / "zonder-antwoord.yml").write_text("id: zonder-antwoord\nnaam: Iets\nwoorden: [iets anders]\n",
                                                encoding="utf-8")
    (folder / "kapot.yml").write_text("id: kapot\nnaam: 'Kapot\n", encoding="utf-8")
    found = _messages(knowledge_copy)
    assert "niet-van-ons/zonder-antwoord.yml:1: 'antwoord' ontbreekt" in found
    assert any(m.startswith("niet-van-ons/kapot.yml:") and "geen geldige YAML" in m for m in found)


def test_the_schema_names_the_fields_the_check_knows() -> None:
    import json

    from huurwijzer.content.not_ours import FIELDS, REQUIRED

    schema = json.loads((ROOT / "knowledge" / "schema" / "niet-van-ons.schema.json").read_text(encoding="utf-8"))
    assert tuple(schema["properties"]) == FIELDS and tuple(schema["required"]) == REQUIRED
