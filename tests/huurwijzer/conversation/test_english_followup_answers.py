"""English answers to a follow-up that the classifier (trained on Dutch answers) leaves to the
fallback are read by their words while a follow-up is open: "stop messages", "unsubscribe", "all
good", "problem" (the classifier itself places "no, everything works", "yes, the tap is leaking" and
"score 8"); the month-3 score in English is recorded."""

from __future__ import annotations

from typing import Tuple

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import followup_flows, kernel
from huurwijzer.conversation import followups as fu
from tests.huurwijzer.conversation import test_followup_flows as flows_tests
from tests.huurwijzer.conversation.test_followup_flows import answer_of, send_week_1
from tests.huurwijzer.support import turn

engine, clean, graph = flows_tests.engine, flows_tests.clean, flows_tests.graph  # the fixtures


@pytest.mark.parametrize(("text", "intent"), [
    ("stop messages", "followup_stop"), ("Stop sending messages please", "followup_stop"),
    ("unsubscribe", "followup_stop"), ("no more messages", "followup_stop"), ("stop", "followup_stop"),
    ("all good", "followup_home_ok"), ("No, everything is fine, thanks!", "followup_home_ok"),
    ("problem", "followup_home_problem"), ("Yes, there is a problem", "followup_home_problem"),
    ("probleem", "followup_home_problem"),
    ("stop smoking", None), ("all good things come to an end", None), ("problem with my rent", None),
    ("what is my rent", None)])
def test_answers_are_read_by_their_words(text: str, intent: str | None) -> None:
    assert followup_flows.answer_intent(text) == intent


def _answered(svc: kernel.Services, content: Content, clean: Engine, graph: str, sender: str, text: str,
              intent: str) -> Tuple[int, kernel.Step]:
    """A follow-up sent to `sender` and answered in English with `text`, which the fallback hands on as
    `intent`: the tenant and the step of that answer."""
    tenant_id = send_week_1(svc, content, clean, sender, graph)
    assert followup_flows.answer_after_followup(svc, content, sender, text) == intent
    english = in_language(content, "en")
    return tenant_id, followup_flows.followup_answer(svc, english, turn(sender, "nlu_fallback", text))


def test_english_answers_after_a_follow_up(svc: kernel.Services, content: Content, clean: Engine,
                                           graph: str) -> None:
    tenant_id, step = _answered(svc, content, clean, graph, "wa-en-answer", "all good", "followup_home_ok")
    assert followup_flows.answer_after_followup(svc, content, "elsewhere", "all good") is None  # no follow-up there
    assert step.reply is not None and step.reply.reply_name == "followup_all_good"
    assert answer_of(clean, tenant_id) == fu.ALL_GOOD


def test_problem_in_english_starts_the_repair_report(svc: kernel.Services, content: Content, clean: Engine,
                                                     graph: str) -> None:
    tenant_id, step = _answered(svc, content, clean, graph, "wa-en-problem", "problem", "followup_home_problem")
    assert step.slots[kernel.NEXT_STEP] == "verify" and step.slots[kernel.PENDING_REQUEST] == kernel.START_REPAIR
    assert answer_of(clean, tenant_id) == fu.PROBLEM


def test_stop_messages_in_english_ends_the_follow_ups(svc: kernel.Services, content: Content, clean: Engine,
                                                      graph: str) -> None:
    tenant_id, step = _answered(svc, content, clean, graph, "wa-en-stop", "stop messages", "followup_stop")
    assert step.reply is not None and step.reply.reply_name == "followup_stopped"
    with Session(clean, future=True) as session:
        assert not fu.consent(session, tenant_id).active  # type: ignore[union-attr]


def test_a_month_3_score_in_english_is_recorded(svc: kernel.Services, content: Content, clean: Engine,
                                                graph: str) -> None:
    tenant_id = send_week_1(svc, content, clean, "wa-en-score", graph, days=91)
    step = followup_flows.repair_score(svc, in_language(content, "en"), turn("wa-en-score", "repair_score", "score 8"))
    assert step.reply is not None and step.reply.reply_name == "followup_score_thanks"
    assert answer_of(clean, tenant_id) == fu.score_answer(8)


def test_a_month_3_score_s_comment_is_stored(svc: kernel.Services, content: Content, clean: Engine,
                                             graph: str) -> None:
    tenant_id = send_week_1(svc, content, clean, "wa-en-comment", graph, days=91)
    followup_flows.repair_score(svc, content, turn("wa-en-comment", "repair_score", "8, fijne buurt! Bel 0612345678"))
    with Session(clean, future=True) as session:
        [row] = [r for r in fu.history(session, tenant_id) if r.answer == fu.score_answer(8)]
    assert row.comment == "fijne buurt! Bel [telefoon]"


def test_a_note_is_said_in_english_to_english_tenants_and_said_to_be_dutch_without_one(
        svc: kernel.Services, content: Content, clean: Engine) -> None:
    from sqlalchemy import delete, insert

    from huurwijzer.conversation import repair_feedback as rf
    from huurwijzer.tenancy import schema as t
    from tests.huurwijzer.conversation.test_followup_flows import CONTRACT
    from tests.huurwijzer.support import NOW, holder

    english = in_language(content, "en")
    h = holder(clean, CONTRACT)
    with Session(clean, future=True) as session, session.begin():
        session.execute(delete(t.feedback_note_mentions))
        session.execute(insert(t.onboarding_feedback).values(owner=f"huurder:{h.tenant_id}", score=9, created_at=NOW))
        rf.publish_note(session, "De chat is nu ook op zaterdag open.", "beheerder", NOW,
                        "The chat is now also open on Saturdays.")
    with svc.unit() as session:
        assert followup_flows.note_text(svc, session, english, h.tenant_id) == \
            "You asked, we did: The chat is now also open on Saturdays."
    with Session(clean, future=True) as session, session.begin():
        rf.publish_note(session, "Het portaal toont nu uw betalingen.", "beheerder", NOW)
    with svc.unit() as session:
        assert followup_flows.note_text(svc, session, english, h.tenant_id) == \
            "You asked, we did (in Dutch): Het portaal toont nu uw betalingen."
    with Session(clean, future=True) as session, session.begin():
        session.execute(delete(t.feedback_note_mentions))
    with svc.unit() as session:
        assert followup_flows.note_text(svc, session, content, h.tenant_id) == \
            "U vroeg, wij deden: Het portaal toont nu uw betalingen."
