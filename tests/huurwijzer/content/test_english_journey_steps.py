"""An English journey step says what its Dutch step says: the same facts from corporation.yml (the
2-hour norm was missing from step 2), and no Dutch wording inside the English text (the working
area "Eemdal en Hooglanden")."""

from __future__ import annotations

import re
from pathlib import Path

from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import build_content, in_language

ROOT = Path(__file__).resolve().parents[3] / "knowledge"


def _names(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_each_english_step_fills_in_what_its_dutch_step_fills_in() -> None:
    for step in build_content(ROOT).onboarding:
        if step.text_en:
            assert _names(step.text) <= _names(step.text_en), step.id


def test_english_steps_name_the_norms_and_the_area_in_english() -> None:
    english = in_language(build_content(ROOT), ENGLISH)
    variables = {**english.profile.variables, "voorbeelden_klein": ""}
    texts = {step.id: render(step.text_en, variables) for step in english.onboarding if step.text_en}
    assert "within 2 hours" in texts["verwachtingen"] and "within 10 working days" in texts["verwachtingen"]
    assert "Eemdal and Hooglanden" in texts["welkom"] and "Eemdal en " not in texts["welkom"]
