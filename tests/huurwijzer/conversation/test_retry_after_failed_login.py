"""A birth date or postcode typed again right after a failed login (QA, session 19: "26 september 1959" got
"Ik weet niet zeker wat u bedoelt" with topics as buttons): the tenant hears all three are asked again."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import fallback_reply, kernel
from tests.huurwijzer.support import turn

RANKING = [{"name": "nlu_fallback", "confidence": 0.3}]


@pytest.mark.parametrize("text", ["26 september 1959", "26-09-1959", "3886 LC"])
def test_a_detail_typed_after_a_failed_login_gets_the_way_to_try_again(svc: kernel.Services, content: Content,
                                                                      text: str) -> None:
    after = turn("retry", "nlu_fallback", text, offered=("/verify_identity",))
    outcome = fallback_reply.reply_to_fallback(svc, content, after, RANKING, None)
    assert outcome.reply is not None and outcome.reply.reply_name == "verify_retry_all"
    assert [b.payload for b in outcome.reply.buttons] == ["/verify_identity"]


def test_without_the_failed_login_it_is_the_usual_fallback(svc: kernel.Services, content: Content) -> None:
    outcome = fallback_reply.reply_to_fallback(svc, content, turn("retry-no", "nlu_fallback", "26 september 1959"),
                                               RANKING, None)
    assert outcome.reply is None or outcome.reply.reply_name != "verify_retry_all"
