"""An English twin (answer_en, name_en, explanation_en, condition_en) records the fingerprint of the
Dutch text it translates; when that Dutch text changes, the check warns at the English text, says
what to do and gives the new fingerprint. A warning: `make kennis-controle` still passes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

import pytest
import yaml

from bot.kennis import main as kennis
from huurwijzer.content.lint import Problem
from huurwijzer.content.lint_folder import lint_knowledge
from huurwijzer.content.twin_fingerprints import (
    CURRENT,
    ENTRY_TWINS,
    OUTDATED,
    UNCONFIRMED,
    fingerprint,
    restamp,
    twin_states,
)

NEW_DUTCH = "Huisdieren mag u houden als ze geen overlast geven. Schade door uw huisdier is voor uw rekening.\n"


def _line(path: Path, key: str, after: str = "") -> int:
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(f"{key}:", start)) + 1


def _warnings(knowledge: Path) -> List[Problem]:
    return [p for p in lint_knowledge(knowledge) if p.warning]


def _change_answer(knowledge: Path, answer: str) -> Path:
    path = knowledge / "entries" / "huisdieren.yml"
    raw = path.read_text(encoding="utf-8")
    start, end = raw.index("answer: |\n"), raw.index("links:\n")
    path.write_text(raw[:start] + "answer: |\n" + "".join(f"  {line}\n" for line in answer.splitlines()) + raw[end:],
                    encoding="utf-8")
    return path


def test_every_shipped_english_text_belongs_to_its_dutch_text() -> None:
    root = Path(__file__).resolve().parents[3] / "knowledge"
    entry = yaml.safe_load((root / "entries" / "huisdieren.yml").read_text(encoding="utf-8"))
    assert [(s.english, s.state) for s in twin_states(entry, ENTRY_TWINS)] == [("answer_en", CURRENT),
                                                                              ("title_en", CURRENT)]
    assert not _warnings(root)


def test_a_changed_dutch_title_flags_the_english_title_only(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: Huisdieren in uw woning\n",
                                                             "title: Huisdieren en de tuin\n"), encoding="utf-8")
    warnings = _warnings(knowledge_copy)
    assert [(p.path.name, p.line) for p in warnings] == [("huisdieren.yml", _line(path, "title_en"))]
    message = str(warnings[0])
    assert "title_en: Engelse tekst verouderd: de Nederlandse titel (title) is gewijzigd" in message
    assert f"title_en_of: '{fingerprint('Huisdieren en de tuin')}'" in message


def test_a_changed_dutch_answer_flags_its_english_twin_and_not_the_others(knowledge_copy: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = _change_answer(knowledge_copy, NEW_DUTCH)
    warnings = _warnings(knowledge_copy)
    assert [(p.path.name, p.line) for p in warnings] == [("huisdieren.yml", _line(path, "answer_en"))]
    message = str(warnings[0])
    assert message.startswith(f"{path}:{_line(path, 'answer_en')}: waarschuwing: answer_en: Engelse tekst verouderd")
    assert "het Nederlandse antwoord (answer) is gewijzigd" in message
    assert "'Engelse tekst klopt nog'" in message
    assert f"answer_en_of: '{fingerprint(NEW_DUTCH)}'" in message  # what to write when editing the file
    assert not [p for p in lint_knowledge(knowledge_copy) if not p.warning]
    # a warning does not fail the check: an urgent Dutch correction is not held up by its translation
    assert kennis(["--map", str(knowledge_copy), "controleer"]) == 0
    assert "wel 1 waarschuwing(en)" in capsys.readouterr().out


def test_rewrapping_the_dutch_text_changes_nothing(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    answer = yaml.safe_load(path.read_text(encoding="utf-8"))["answer"]
    _change_answer(knowledge_copy, answer.replace(". ", ".\n", 1))
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answer"] != answer
    assert not _warnings(knowledge_copy)


def test_a_changed_dutch_explanation_flags_only_the_english_explanation(knowledge_copy: Path) -> None:
    path = knowledge_copy / "repairs.yml"
    text = path.read_text(encoding="utf-8")
    old = "explanation: Een kraanleertje of ander eenvoudig onderdeel van een kraan vervangen is een kleine reparatie."
    assert old in text
    path.write_text(text.replace(old, old.replace("kleine reparatie", "kleine reparatie voor de huurder")),
                    encoding="utf-8")
    warnings = _warnings(knowledge_copy)
    assert [(p.line, p.message.split(":")[0:2]) for p in warnings] == [
        (_line(path, "explanation_en", "- id: kraanleertje"), ["kraanleertje", " explanation_en"])]
    assert "de Nederlandse uitleg (explanation) is gewijzigd" in warnings[0].message


def test_an_english_text_without_fingerprint_is_reported_and_recorded_by_the_make_target(
        knowledge_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text(re.sub(r"^answer_en_of: .*\n", "", path.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    warnings = _warnings(knowledge_copy)
    assert len(warnings) == 1 and "niet vastgelegd bij welke Nederlandse tekst" in warnings[0].message
    assert kennis(["--map", str(knowledge_copy), "engels-klopt"]) == 0
    assert "huisdieren: answer_en" in capsys.readouterr().out
    assert not _warnings(knowledge_copy)
    # without an id it never overwrites a record: an outdated one stays outdated until confirmed by id
    _change_answer(knowledge_copy, NEW_DUTCH)
    assert kennis(["--map", str(knowledge_copy), "engels-klopt"]) == 0
    assert len(_warnings(knowledge_copy)) == 1
    assert kennis(["--map", str(knowledge_copy), "engels-klopt", "huisdieren"]) == 0
    assert not _warnings(knowledge_copy)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["answer_en_of"] == fingerprint(NEW_DUTCH)
    assert kennis(["--map", str(knowledge_copy), "engels-klopt", "bestaat-niet"]) == 2


def test_a_fingerprint_left_without_its_english_text_is_reported(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("answer_en: |")] + text[text.index("answer_en_of:"):], encoding="utf-8")
    assert [p.message.split(":")[0] for p in _warnings(knowledge_copy)] == ["answer_en_of"]


def test_saving_stamps_a_written_or_confirmed_english_text_and_keeps_an_untouched_one() -> None:
    before = {"answer": "Oud.", "answer_en": "Old.", "answer_en_of": fingerprint("Oud.")}
    dutch_only = restamp(before, {**before, "answer": "Nieuw."}, ENTRY_TWINS)
    assert [s.state for s in twin_states(dutch_only, ENTRY_TWINS)] == [OUTDATED]
    both = restamp(before, {**before, "answer": "Nieuw.", "answer_en": "New."}, ENTRY_TWINS)
    assert both["answer_en_of"] == fingerprint("Nieuw.")
    confirmed = restamp(dutch_only, dutch_only, ENTRY_TWINS, ["answer_en"])
    assert [s.state for s in twin_states(confirmed, ENTRY_TWINS)] == [CURRENT]
    removed = restamp(before, {"answer": "Oud."}, ENTRY_TWINS)
    assert "answer_en_of" not in removed
    unconfirmed = twin_states({"answer": "Oud.", "answer_en": "Old."}, ENTRY_TWINS)
    assert [s.state for s in unconfirmed] == [UNCONFIRMED]
