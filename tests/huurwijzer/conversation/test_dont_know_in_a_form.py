"""QA, session 15: "weet ik niet" where the repair form asked what is broken (or the login asked the
contract number) is read as "no" and stops the form with "Goed, ik stop ermee": an elderly tenant who
does not know the part's name was left without a way on. The form still stops (the rules end it), but
the reply says how to go on: in their own words again, or by phone."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, verification_flow
from huurwijzer.conversation.repair_details import dont_know
from tests.huurwijzer.support import everything_said


def _stopped(svc: kernel.Services, content: Content, asked: str, text: str) -> kernel.Step:
    turn = kernel.Turn("dont-know", "deny", 0.73, text, slots={"requested_slot": asked})
    return verification_flow.stop_form(svc, content, turn)


@pytest.mark.parametrize("text", ["weet ik niet", "Ik weet het niet.", "geen idee", "weet niet hoe het heet",
                                  "I don't know"])
def test_dont_know_in_the_repair_form_says_how_to_go_on(svc: kernel.Services, content: Content, text: str) -> None:
    step = _stopped(svc, content, "repair_object", text)
    said = everything_said(step)
    assert "eigen woorden" in said and "088" in said and "ik stop ermee" not in said
    assert step.reply is not None and [b.payload for b in step.reply.buttons] == ["/start_repair_report"]
    assert step.end_form and step.slots[kernel.NEXT_STEP] is None


def test_dont_know_the_contract_number_says_where_it_is(svc: kernel.Services, content: Content) -> None:
    step = _stopped(svc, content, "verification_contract", "weet ik niet")
    said = everything_said(step)
    assert "huurcontract" in said and "088" in said
    assert step.reply is not None and [b.payload for b in step.reply.buttons] == ["/verify_identity"]


@pytest.mark.parametrize("text", ["stop", "nee", "nee, ik weet niet of ik dit wil melden", "laat maar"])
def test_a_plain_stop_is_still_a_plain_stop(svc: kernel.Services, content: Content, text: str) -> None:
    assert not dont_know(text)
    said = everything_said(_stopped(svc, content, "repair_object", text))
    assert "ik stop ermee" in said
