"""Withdrawing a filed repair request on the trained model (QA, session 16: "ik wil mijn reparatie annuleren"
was read as a new repair report). The texts are QA's, not trained on; the answer they lead to is in
tests/huurwijzer/conversation/test_repair_withdrawal.py. Moving or cancelling the mechanic's appointment
stays the general answer about appointments."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from huurwijzer.conversation.repair_withdrawal import WITHDRAW_REPAIR
from tests.test_nlu_qa_misreads import parse

WITHDRAW = ["ik wil mijn reparatie annuleren", "ik wil mijn reparatieverzoek intrekken",
            "kan ik mijn melding intrekken"]
APPOINTMENT = "kan ik de afspraak met de monteur verzetten naar volgende week?"


@pytest.fixture(scope="module")
def parsed(trained_model: Path) -> Dict[str, Dict[str, Any]]:
    return parse(trained_model, [*WITHDRAW, APPOINTMENT])


def test_withdrawing_a_request_is_read_as_such(parsed: Dict[str, Dict[str, Any]]) -> None:
    got = {text: parsed[text]["intent"]["name"] for text in WITHDRAW}
    assert got == {text: WITHDRAW_REPAIR for text in WITHDRAW}  # was start_repair_report


def test_moving_the_appointment_is_not_withdrawing(parsed: Dict[str, Dict[str, Any]]) -> None:
    assert parsed[APPOINTMENT]["intent"]["name"] == "report_repair"
