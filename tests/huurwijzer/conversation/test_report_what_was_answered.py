"""Reporting what was just answered (QA, session 22): "mijn dakgoot lekt, wie moet dat maken?", the answer (ours),
then "ik wil het melden": after the login the form asked again "Wat is er kapot of wat werkt er niet?". A report that
refers back ("het", "dat", "it") right after a who-repairs answer takes that answer's part; a report that names its
own part, or does not refer back, is as before."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, personal_questions
from tests.huurwijzer.support import holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def _report(svc: kernel.Services, content: Content, sender: str, text: str, previous: str | None) -> kernel.Step:
    return personal_questions.personal_request(svc, content, turn(sender, kernel.START_REPAIR, text,
                                                                  previous_answer=previous))


@pytest.mark.parametrize("text", ["ik wil het melden", "kan ik dat hier melden?", "I want to report it"])
def test_a_report_referring_back_takes_the_part_just_answered(svc: kernel.Services, content: Content,
                                                               text: str) -> None:
    step = _report(svc, content, "report-back-1", text, "repair/dakgoot-lek")
    assert step.slots["repair_object"] == "dakgoot-lek" and step.slots[kernel.NEXT_STEP] == "verify"


def test_a_logged_in_tenant_gets_the_form_with_the_part(svc: kernel.Services, content: Content,
                                                       engine: Engine) -> None:
    verify(svc, content, "report-back-2", holder(engine, "HC-100021"), pending="verify_identity")
    step = _report(svc, content, "report-back-2", "ik wil het melden", "repair/cv-ketel")
    assert step.slots["repair_object"] == "cv-ketel" and step.slots[kernel.NEXT_STEP] == "repair_form"


@pytest.mark.parametrize("text, previous, expected", [
    ("ik wil een reparatie melden", "repair/dakgoot-lek", None),  # no reference back: the form asks
    ("ik wil het lekkende dak melden", "repair/cv-ketel", "dak"),  # its own part
    ("ik wil het melden", "huur-betalen", None),  # the answer before was no repair
])
def test_otherwise_as_before(svc: kernel.Services, content: Content, text: str, previous: str,
                             expected: str | None) -> None:
    found = _report(svc, content, "report-back-3", text, previous).slots["repair_object"]
    assert (found is None) if expected is None else (found is not None and found.startswith(expected)), found
