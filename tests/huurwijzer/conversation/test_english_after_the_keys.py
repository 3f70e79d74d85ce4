"""After the keys in English: a tenant who did the journey in English is asked for follow-up consent,
hears "stop" confirmed, and gets the thanks for a repair score in English (languages.yml), not Dutch."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import followup_flows, kernel
from tests.huurwijzer.support import turn

AFTER_THE_KEYS = ("followup_consent_ask", "followup_when_chosen", "followup_when_default", "followup_via_whatsapp",
                  "followup_via_sms", "followup_via_email", "followup_via_portaal", "followup_consent_saved",
                  "followup_consent_declined", "followup_login_first", "followup_stopped", "followup_not_subscribed",
                  "followup_all_good", "followup_score_thanks", "followup_problem_intro", "repair_feedback_thanks",
                  "repair_feedback_unknown", "feedback_note_mention", "move_in_choices_none", "move_in_choices_done")


@pytest.mark.parametrize("name", AFTER_THE_KEYS)
def test_every_after_the_keys_reply_has_an_english_text(content: Content, name: str) -> None:
    english = in_language(content, "en").replies[name]
    assert english.text != content.replies[name].text or name in ("followup_via_whatsapp", "followup_via_email")
    assert name in content.translations.english
    dutch_payloads = [b.payload for b in content.replies[name].buttons]
    assert [b.payload for b in english.buttons] == dutch_payloads  # the same choices, English titles


def test_an_english_tenant_who_is_not_logged_in_hears_stop_in_english(svc: kernel.Services, content: Content) -> None:
    step = followup_flows.followup_answer(svc, in_language(content, "en"),
                                          turn("fu-en-stop", "followup_stop", "stop messages"))
    assert step.reply is not None and step.reply.text.startswith("For that I first need to know who you are")
    assert [b.title for b in step.reply.buttons] == ["Log in"]


def test_an_unknown_score_in_english_is_answered_in_english(svc: kernel.Services, content: Content) -> None:
    step = followup_flows.repair_score(svc, in_language(content, "en"), turn("fu-en-score", "repair_score", "8"))
    assert step.reply is not None and step.reply.text.startswith("Thank you. I just do not know what this mark")
