"""QA, session 20: a photo or voice message (WhatsApp, no text) where the repair form asked what is
broken got "Dat onderdeel herken ik niet". The tenant hears that we cannot see or hear it, and the
same question stays open."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel, repair_flow
from huurwijzer.conversation.shared_names import MEDIA_KEY


@pytest.mark.parametrize("slot", ["repair_object", "repair_description"])
def test_a_photo_in_the_repair_form_is_not_read_as_an_answer(svc: kernel.Services, content: Content,
                                                              slot: str) -> None:
    turn = kernel.Turn("wa-photo", "nlu_fallback", 0.4, "", "whatsapp", metadata={MEDIA_KEY: "image"},
                       slots={"requested_slot": slot})
    step = repair_flow.repair_input(svc, content, turn, slot, "")
    assert step.reply is not None and step.reply.reply_name == "media_message"
    assert step.slots == {slot: None} and not step.end_form
