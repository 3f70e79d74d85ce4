"""Changing one's mind in the repair form: another part named at a later question ("nee wacht, het is de
douchekraan") makes the report about that part (QA, session 19: "Dat antwoord begrijp ik niet", and the
kitchen tap was filed)."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, repair_flow

SLOTS = {"repair_object": None, "repair_location": "keuken", "repair_description": "de kraan in de keuken lekt"}


def _answer(svc: kernel.Services, content: Content, text: str, slot: str = "repair_urgency") -> kernel.Step:
    first = content.repairs.match("de kraan in de keuken lekt", part_first=True)
    assert first is not None
    slots = {**SLOTS, "repair_object": first.object.id, "requested_slot": slot}
    return repair_flow.repair_input(svc, content, kernel.Turn("form-fix", "nlu_fallback", 0.5, text, slots=slots),
                                    slot, text)


@pytest.mark.parametrize(("text", "part"), [("nee wacht, het is de cv-ketel", "cv-ketel"),
                                            ("sorry ik bedoel de dakgoot, die lekt", "dakgoot-lek")])
def test_another_part_named_at_a_later_question_changes_the_report(svc: kernel.Services, content: Content,
                                                                    text: str, part: str) -> None:
    step = _answer(svc, content, text)
    assert step.slots.get("repair_object") == part and step.slots.get("repair_urgency") is None
    assert step.slots.get("repair_location") is None  # the kitchen was the tap's room: asked again
    assert step.reply is not None and step.reply.reply_name == "repair_object_changed"


def test_an_answer_is_still_an_answer(svc: kernel.Services, content: Content) -> None:
    assert set(_answer(svc, content, "kan wachten").slots) == {"repair_urgency"}
    step = _answer(svc, content, "nee het kan wachten")  # no other part named: an answer
    assert "repair_object" not in step.slots
    step = _answer(svc, content, "nee", slot="repair_description")
    assert "repair_object" not in step.slots


@pytest.mark.parametrize("slot", ["repair_urgency", "repair_description"])
def test_another_room_named_later_changes_the_room(svc: kernel.Services, content: Content, slot: str) -> None:
    """QA, session 22: "nee wacht, het is in de badkamer" at the urgency question got "Dat antwoord begrijp ik niet"
    (the same part, so no other part), and at the description question it was taken for the description."""
    step = _answer(svc, content, "nee wacht, het is in de badkamer", slot)
    assert step.reply is not None and step.reply.reply_name == "repair_location_changed"
    assert "badkamer" in step.reply.text
    assert step.slots == {"repair_location": "badkamer", slot: None}  # the same question again


def test_the_same_room_or_no_correction_is_an_answer(svc: kernel.Services, content: Content) -> None:
    assert _answer(svc, content, "nee wacht, het is in de keuken").reply is not None  # nothing changes: not understood
    step = _answer(svc, content, "het lekt in de badkamer en de keuken", "repair_description")
    assert step.slots == {"repair_description": "het lekt in de badkamer en de keuken"}


@pytest.mark.parametrize("text", ["ik bedenk me, toch niet", "Nee, toch niet.", "toch maar niet", "ik heb me bedacht",
                                  "I changed my mind"])
def test_changing_ones_mind_stops_the_report(svc: kernel.Services, content: Content, text: str) -> None:
    """QA, session 22: "ik bedenk me, toch niet" at the urgency question got "Dat antwoord begrijp ik niet"; now the
    report stops as "laat maar" does (nothing is filed)."""
    assert _answer(svc, content, text).slots[repair_flow.REPAIR_OUTCOME] == repair_flow.STOPPED


def test_toch_niet_inside_an_answer_is_no_stop(svc: kernel.Services, content: Content) -> None:
    step = _answer(svc, content, "het is toch niet zo dringend", "repair_urgency")
    assert repair_flow.REPAIR_OUTCOME not in step.slots


@pytest.mark.parametrize(("text", "place"), [("nee wacht, het is de badkamerkraan", "badkamer"),
                                             ("sorry, ik bedoel de toiletkraan", "toilet")])
def test_a_room_inside_a_compound_changes_the_room(svc: kernel.Services, content: Content, text: str,
                                                   place: str) -> None:
    """QA, session 22: a room named only inside a compound ("badkamerkraan") was no room change: "Dat antwoord
    begrijp ik niet" at the urgency question."""
    step = _answer(svc, content, text)
    assert step.reply is not None and step.reply.reply_name == "repair_location_changed"
    assert step.slots == {"repair_location": place, "repair_urgency": None}


@pytest.mark.parametrize("text", ["halogeenlamp", "de loodgieter komt", "ik kan niet douchen", "in de gangbare kast"])
def test_no_room_inside_other_words(text: str) -> None:
    from huurwijzer.conversation.repair_details import room

    assert room(text) is None


@pytest.mark.parametrize("text", ["ik heb ook een vraag over mijn huur", "ik heb nog een vraagje",
                                  "mag ik nog iets vragen", "I also have a question about my rent"])
def test_a_question_announced_without_a_question_mark(svc: kernel.Services, content: Content, text: str) -> None:
    """QA, session 22: "ik heb ook een vraag over mijn huur" at the urgency question got "Dat antwoord begrijp ik
    niet"; now it is told the report comes first and how to stop, as a question with "?" is."""
    step = _answer(svc, content, text)
    assert step.reply is not None and step.reply.reply_name == "repair_question_in_form"
    assert step.slots == {"repair_urgency": None}
