"""What the repair form takes as the room or the description: not a request typed in between
("mijn reparaties" filed a request with that as its description), and a defect said in words
tenants use ("het raam gaat niet meer dicht") is a description."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, repair_flow
from huurwijzer.conversation.kernel import START_REPAIR as START
from huurwijzer.conversation.repair_details import describes_defect


def test_a_request_typed_in_the_form_is_not_the_description(svc: kernel.Services, content: Content) -> None:
    for slot in ("repair_object", "repair_description", "repair_location"):  # the part's question too (qa10)
        typed = kernel.Turn("form-ask", "my_repairs", 0.98, "mijn reparaties")
        step = repair_flow.repair_input(svc, content, typed, slot, "mijn reparaties")
        assert step.slots == {slot: None} and step.reply is not None
        assert step.reply.reply_name == "repair_question_in_form"
    asked = kernel.Turn("form-ask", "nlu_fallback", 0.5, "hoe staat mijn melding?")
    step = repair_flow.repair_input(svc, content, asked, "repair_object", "hoe staat mijn melding?")
    assert step.reply is not None and step.reply.reply_name == "repair_question_in_form"
    # not a part, and not asked: still "Dat onderdeel herken ik niet"
    vague = kernel.Turn("form-ask", "nlu_fallback", 0.4, "iets met dinges")
    step = repair_flow.repair_input(svc, content, vague, "repair_object", "iets met dinges")
    assert step.reply is not None and step.reply.reply_name == "repair_bad_object"
    unsure = kernel.Turn("form-ask", "my_repairs", 0.6, "hij hangt scheef")
    kept = repair_flow.repair_input(svc, content, unsure, "repair_description", "hij hangt scheef")
    assert kept.reply is None and kept.slots == {"repair_description": "hij hangt scheef"}


def test_a_window_that_no_longer_closes_is_a_defect() -> None:
    assert describes_defect("het raam in de slaapkamer gaat niet meer dicht")
    assert describes_defect("het raam in de slaapkamer niet meer dicht gaat, graag zo snel mogelijk")


def test_a_wrong_urgency_answer_is_told_so_and_the_question_asked_once(svc: kernel.Services,
                                                                       content: Content) -> None:
    from huurwijzer.content.language import ENGLISH
    from huurwijzer.content.loader import in_language
    from huurwijzer.conversation.reply import reply_text

    for language, wrong in (("nl", "geen idee eigenlijk"), (ENGLISH, "no idea")):
        texts = in_language(content, language)
        typed = kernel.Turn("form-urgency", "nlu_fallback", 0.4, wrong)
        step = repair_flow.repair_input(svc, texts, typed, "repair_urgency", wrong)
        assert step.slots == {"repair_urgency": None} and step.reply is not None
        # the form asks "Hoe dringend is het?" next (with its buttons): the reply before it asks nothing
        assert "?" not in step.reply.text and reply_text(texts, "repair_ask_urgency") not in step.reply.text


@pytest.mark.parametrize(("slot", "wrong"), [("repair_location", "x"), ("repair_description", "kapot")])
def test_a_wrong_room_or_description_is_told_so_and_the_question_asked_once(svc: kernel.Services, content: Content,
                                                                             slot: str, wrong: str) -> None:
    """The form asks its own question next ("Waar is het?", "Beschrijf kort ..."): the reply before it
    asks nothing, or the tenant gets two questions in a row (found by qa2, as for urgency)."""
    from huurwijzer.content.language import ENGLISH
    from huurwijzer.content.loader import in_language

    for language in ("nl", ENGLISH):
        texts = in_language(content, language)
        typed = kernel.Turn("form-" + slot, "nlu_fallback", 0.4, wrong)
        step = repair_flow.repair_input(svc, texts, typed, slot, wrong)
        assert step.slots == {slot: None} and step.reply is not None
        assert "?" not in step.reply.text


def test_an_english_tenant_describes_the_defect_in_english() -> None:
    # qa3: "the window does not close" was not a description, so the form asked for one and filed the
    # next answer ("it can wait a few days") as the description.
    from huurwijzer.conversation.repair_details import room

    for text in ("the window does not close", "the kitchen tap is leaking", "the shower drain is blocked",
                 "my front door won't lock", "there is mould on the bathroom wall"):
        assert describes_defect(text), text
    assert [room(t) for t in ("in the bedroom", "kitchen", "the shower", "in the attic")] == [
        "slaapkamer", "keuken", "badkamer", "zolder"]


def test_english_form_buttons_answer_in_english(content: Content) -> None:
    # qa3: "It can wait" sent the Dutch payload "het kan een paar dagen wachten", which is Dutch text,
    # so the confirmation came in Dutch. The English buttons send English answers the form reads the same.
    from huurwijzer.content.language import DUTCH, ENGLISH, detect
    from huurwijzer.content.loader import in_language
    from huurwijzer.conversation.repair_details import LOOSE_URGENCY, urgency

    dutch = content.replies["repair_ask_urgency"].buttons
    english = in_language(content, ENGLISH).replies["repair_ask_urgency"].buttons
    assert [urgency(b.payload, LOOSE_URGENCY) for b in english] == [urgency(b.payload, LOOSE_URGENCY) for b in dutch]
    for reply in ("repair_ask_urgency", "repair_ask_location"):
        assert [b.payload for b in in_language(content, ENGLISH).replies[reply].buttons
                if detect(b.payload) == DUTCH] == []


def test_the_tap_in_the_kitchen_is_filed_as_the_tap(svc: kernel.Services, content: Content) -> None:
    """qa10: the form filed "keuken die versleten is" (staff got the wrong part)."""
    text = "de kraan in de keuken is helemaal versleten"
    step = repair_flow.repair_input(svc, content, kernel.Turn("form-tap", START, 0.9, text), "repair_object", text)
    assert step.slots.get("repair_object") == "kraan-vervangen" and step.slots.get("repair_location") == "keuken"
