"""QA, session 15: "weet ik niet" where the repair form asked what is broken (or the login asked the
contract number) is read as "no" and stops the form with "Goed, ik stop ermee": an elderly tenant who
does not know the part's name was left without a way on. The form still stops (the rules end it), but
the reply says how to go on: in their own words again, or by phone."""

from __future__ import annotations

import pytest

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel, repair_flow, verification_flow
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


@pytest.mark.parametrize(("asked", "text"), [("repair_object", "stop"), ("repair_object", "nee"),
                                             ("repair_object", "nee, ik weet niet of ik dit wil melden"),
                                             ("verification_contract", "laat maar")])
def test_a_plain_stop_is_still_a_plain_stop(svc: kernel.Services, content: Content, asked: str, text: str) -> None:
    assert not dont_know(text)
    said = everything_said(_stopped(svc, content, asked, text))
    assert "ik stop ermee" in said


def test_laat_maar_in_the_repair_form_says_nothing_is_filed(svc: kernel.Services, content: Content) -> None:
    """Session 17 (qa9): stopping the report itself gets the report's own stop, not the general one."""
    assert not dont_know("laat maar")
    said = everything_said(_stopped(svc, content, "repair_object", "laat maar"))
    assert "ik meld niets" in said and "ik stop ermee" not in said


# QA, session 16: the repair form stayed stopped on "weet ik niet" and what the tenant had said was lost.
# As the answer to a repair question it is now an answer: the room is recorded as unknown, the other
# questions are asked again in other words, and the form stays open (no stop, earlier answers kept).
def _answered(svc: kernel.Services, content: Content, slot: str, text: str) -> kernel.Step:
    earlier = {"requested_slot": slot, "repair_object": "kraan", "repair_location": "keuken"}
    turn = kernel.Turn("dont-know", "deny", 0.73, text, slots=earlier)
    return repair_flow.repair_input(svc, content, turn, slot, text)


@pytest.mark.parametrize("text", ["weet ik niet", "geen idee", "I don't know"])
def test_an_unknown_room_is_recorded_as_unknown(svc: kernel.Services, content: Content, text: str) -> None:
    step = _answered(svc, content, "repair_location", text)
    assert step.slots == {"repair_location": "onbekend"} and not step.end_form
    assert "onbekend" in everything_said(step) and "ik stop" not in everything_said(step)


@pytest.mark.parametrize(("slot", "hint"), [("repair_object", "eigen woorden"),
                                            ("repair_description", "ziet, hoort of ruikt"),
                                            ("repair_urgency", "dringend")])
def test_the_other_questions_are_asked_again_in_other_words(svc: kernel.Services, content: Content,
                                                             slot: str, hint: str) -> None:
    step = _answered(svc, content, slot, "weet ik niet")
    assert step.slots == {slot: None} and not step.end_form  # the form asks again; nothing else is cleared
    said = everything_said(step)
    assert hint in said and "ik stop" not in said and "?" not in said  # the form asks its question next
    assert repair_flow.REPAIR_OUTCOME not in step.slots


def test_the_unsure_replies_have_english_twins(svc: kernel.Services, content: Content) -> None:
    english = in_language(content, ENGLISH)
    said = everything_said(_answered(svc, english, "repair_location", "I don't know"))
    assert "unknown" in said and "onbekend" not in said
