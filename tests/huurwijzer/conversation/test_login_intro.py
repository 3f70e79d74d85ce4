"""The words before the login questions come before a repair report and the journey too, not
only before a look-up: they must not promise to look something up."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, personal_questions
from tests.huurwijzer.support import everything_said, turn


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_login_intro_fits_a_repair_report(svc: kernel.Services, content: Content, language: str) -> None:
    step = personal_questions.personal_request(svc, in_language(content, language),
                                               turn(f"intro-{language}", "start_repair_report", "reparatie melden"))
    said = everything_said(step).lower()
    assert step.slots[kernel.NEXT_STEP] == "verify" and said
    assert "zoek" not in said and "look that up" not in said
