"""The conversation side of the follow-ups, without Rasa: consent asked at the end of the journey
and stored with the wording shown, "stop berichten", and the answer to a follow-up landing in
the right flow ("ja, de kraan lekt" starts the repair report with the tap filled in, as the
corporation's repair)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict, Optional

import pytest
from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bot.opvolgen import WhatsAppTemplateSender
from huurwijzer.content.loader import Content
from huurwijzer.conversation import followup_flows, journey_answers, kernel, repair_flow
from huurwijzer.conversation import followups as fu
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy import verification as v
from tests.huurwijzer.conversation.test_followups import FakeGraph, graph  # noqa: F401 - the fake Graph API fixture
from tests.huurwijzer.support import NOW, OFFICE, emptied, holder, turn, verify

CONTRACT = "HC-100084"


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


@pytest.fixture()
def clean(engine: Engine) -> Engine:
    emptied(engine, t.followup_deliveries, t.followup_consents, t.outbox_messages)
    FakeGraph.sent.clear()
    return engine


def said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def send_week_1(svc: kernel.Services, content: Content, engine: Engine, sender: str, graph_url: str,
                days: int = 7) -> int:
    """Makes the tenant of CONTRACT one week (or `days`) in, with consent and WhatsApp, and runs the schedule,
    the WhatsApp follow-up going to conversation `sender`."""
    h = holder(engine, CONTRACT)
    c = t.contracts
    with Session(engine, future=True) as session, session.begin():
        session.execute(update(c).where(c.c.contract_number == CONTRACT).values(start_date=NOW.date()
                                                                                - timedelta(days=days)))
        session.execute(delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == h.tenant_id))
        session.execute(insert(t.contact_preferences).values(tenant_id=h.tenant_id, channel="whatsapp",
                                                             language_help=False, wants_money_help=False))
        fu.give_consent(session, h.tenant_id, CONTRACT, "test", NOW - timedelta(days=days))
    assert content.followups is not None
    senders = fu.senders_by_channel(fu.OutboxSender(v.OutboxNotifier()),
                                    WhatsAppTemplateSender(graph_url, "555", "token"))
    report = fu.run(engine, OFFICE, content.followups, content.profile.variables, senders, NOW, "Europe/Amsterdam",
                    lambda phone: v.conversation_key(sender))
    assert report.sent == 1, report
    return h.tenant_id


def without_subscription(engine: Engine) -> str:
    with Session(engine, future=True) as session:
        numbers = session.execute(select(t.contracts.c.contract_number).order_by(t.contracts.c.id)).scalars().all()
        return next(n for n in numbers if n != CONTRACT and OFFICE.subscription(session, n) is None
                    and OFFICE.contract_holders(session, n))


def answer_of(engine: Engine, tenant_id: int) -> Any:
    d = t.followup_deliveries
    with Session(engine, future=True) as session:
        return session.execute(select(d.c.answer).where(d.c.tenant_id == tenant_id, d.c.status == fu.SENT)).scalar()


def test_the_journey_ends_with_the_consent_question_and_a_yes_is_stored_word_for_word(
        svc: kernel.Services, content: Content, clean: Engine) -> None:
    h = holder(clean, CONTRACT)
    verify(svc, content, "fu-consent", h, pending="verify_identity")
    with Session(clean, future=True) as session, session.begin():  # the journey done up to the score
        for step in content.onboarding[:-1]:
            from huurwijzer.conversation import onboarding as ob
            ob.complete(session, ob.owner_for(h.tenant_id, ""), step.id, NOW)
    done = journey_answers.answers_saved(svc, content, turn("fu-consent", slots={"feedback_score": "8",
                                                                          "feedback_comment": "-"}))
    assert "Mogen wij u de eerste drie maanden" in said(done) and done.slots[followup_flows.ASKED] is True
    assert [b.payload for b in done.reply.buttons] == ["/followup_consent", "/followup_decline"]  # type: ignore
    yes = followup_flows.consent_answer(svc, content, turn("fu-consent", "followup_consent", "Ja, graag",
                                                           slots={followup_flows.ASKED: True},
                                                           offered=(followup_flows.CONSENT_PAYLOAD,)))
    assert "af en toe een kort bericht" in said(yes)
    with Session(clean, future=True) as session:
        given = fu.consent(session, h.tenant_id)
    assert given is not None and given.active and given.given_at == NOW
    assert given.wording == done.reply.text.split("\n\n")[-1]  # type: ignore[union-attr]
    # Asked again later: no second question, the yes stands.
    again = followup_flows.consent_question(svc, Session(clean, future=True), content,
                                            v.Verified(h.tenant_id, CONTRACT, "gegevens"), turn("x"))
    assert again is None


def test_a_yes_typed_before_the_question_gets_the_question_first(svc: kernel.Services, content: Content,
                                                                 clean: Engine) -> None:
    h = holder(clean, CONTRACT)
    verify(svc, content, "fu-typed", h, pending="verify_identity")
    first = followup_flows.consent_answer(svc, content, turn("fu-typed", "followup_consent",
                                                             "ik wil berichten ontvangen"))
    assert "Mogen wij u" in said(first) and first.slots[followup_flows.ASKED] is True
    with Session(clean, future=True) as session:
        assert fu.consent(session, h.tenant_id) is None
    logged_out = followup_flows.consent_answer(svc, content, turn("fu-nobody", "followup_consent", "ja",
                                                                  slots={followup_flows.ASKED: True}))
    assert logged_out.reply is not None and logged_out.reply.reply_name == "followup_login_first"


def test_stop_in_the_conversation_the_follow_up_went_to_ends_all(svc: kernel.Services, content: Content,
                                                                  clean: Engine, graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-stopper", graph)
    step = followup_flows.followup_answer(svc, content, turn("wa-stopper", "followup_stop", "STOP BERICHTEN"))
    assert step.reply is not None and step.reply.reply_name == "followup_stopped"  # not logged in: no need
    with Session(clean, future=True) as session:
        assert fu.consent(session, tenant_id).stopped_at == NOW  # type: ignore[union-attr]
    assert answer_of(clean, tenant_id) == fu.STOPPED
    other = followup_flows.followup_answer(svc, content, turn("someone-else", "followup_stop", "stop berichten"))
    assert other.reply is not None and other.reply.reply_name == "followup_login_first"


def test_all_good_is_recorded_as_the_answer(svc: kernel.Services, content: Content, clean: Engine,
                                            graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-happy", graph)
    step = followup_flows.followup_answer(svc, content, turn("wa-happy", "followup_home_ok", "nee, alles werkt"))
    assert "Fijn om te horen" in said(step) and answer_of(clean, tenant_id) == fu.ALL_GOOD


def test_a_leaking_tap_in_answer_starts_the_repair_report_as_ours(svc: kernel.Services, content: Content,
                                                                  clean: Engine, graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-tap", graph)
    step = followup_flows.followup_answer(svc, content, turn("wa-tap", "followup_home_problem", "ja, de kraan lekt"))
    assert "repareren wij" in said(step) and content.profile.variables["norm_afspraak"] in said(step)
    assert step.slots["next_step"] == "verify" and step.slots["repair_object"] == "kraanleertje"
    assert step.slots[kernel.PENDING_REQUEST] == kernel.START_REPAIR
    assert answer_of(clean, tenant_id) == fu.PROBLEM
    # After logging in the repair form runs with the tap filled in; a tap is normally the
    # tenant's job, but found in the first week it is the corporation's: a request, not a refusal.
    state: Dict[str, Any] = dict(step.slots)
    result = verify(svc, content, "wa-tap", holder(clean, CONTRACT), pending=kernel.START_REPAIR, **state)
    assert result.slots["next_step"] == "repair_form" and result.slots["repair_object"] == "kraanleertje"
    checked = repair_flow.repair_input(svc, content, turn("wa-tap", "nlu_fallback", "kraanleertje"), "repair_object",
                                 "kraanleertje")
    assert checked.slots == {"repair_object": "kraanleertje"}
    # The same tap from someone who did not answer a follow-up: their own job, no request.
    verify(svc, content, "wa-other", holder(clean, without_subscription(clean)), pending=kernel.START_REPAIR)
    own = repair_flow.repair_input(svc, content, turn("wa-other", "nlu_fallback", "kraanleertje"), "repair_object",
                             "kraanleertje")
    assert str(own.slots.get(kernel.REPAIR_OUTCOME)).startswith("geen-verzoek")


def test_a_bare_stop_after_a_follow_up_ends_them_and_means_no_otherwise(
        svc: kernel.Services, content: Content, clean: Engine, graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-bare-stop", graph)
    assert followup_flows.answer_after_followup(svc, content, "wa-bare-stop", "ik wil stoppen met roken") is None
    assert followup_flows.answer_after_followup(svc, content, "elsewhere", "stop") is None  # no follow-up there
    assert followup_flows.answer_after_followup(svc, content, "wa-bare-stop", "Stop") == "followup_stop"
    step = followup_flows.followup_answer(svc, content, turn("wa-bare-stop", "deny", "Stop"))
    assert step.reply is not None and step.reply.reply_name == "followup_stopped"
    with Session(clean, future=True) as session:
        assert fu.consent(session, tenant_id).stopped_at is not None  # type: ignore[union-attr]


@pytest.mark.parametrize("times", ["middag", None])
def test_the_consent_question_names_the_chosen_times_only_when_times_were_chosen(
        svc: kernel.Services, content: Content, clean: Engine, times: Optional[str]) -> None:
    h = holder(clean, CONTRACT)
    p = t.contact_preferences
    with Session(clean, future=True) as session, session.begin():
        session.execute(delete(p).where(p.c.tenant_id == h.tenant_id))
        session.execute(insert(p).values(tenant_id=h.tenant_id, channel="e-mail", preferred_times=times,
                                         language_help=False, wants_money_help=False))
    with Session(clean, future=True) as session:
        question = followup_flows.consent_question(svc, session, content,
                                                   v.Verified(h.tenant_id, CONTRACT, "gegevens"), turn("x"))
    assert question is not None and "{" not in question.text
    assert ("tijden die u koos" in question.text) is (times is not None)
    assert "nooit 's avonds laat" in question.text


def test_a_score_in_answer_to_the_month_3_follow_up_is_recorded_and_thanked(
        svc: kernel.Services, content: Content, clean: Engine, graph: str) -> None:  # noqa: F811
    """Month 3 asks "Welk rapportcijfer geeft u ons tot nu toe? Typ een cijfer": the tenant's "8" is
    read as a score; it belongs to that follow-up, not to a repair ("ik weet niet waar dit cijfer bij hoort")."""
    h = holder(clean, CONTRACT)
    with Session(clean, future=True) as session, session.begin():
        session.execute(delete(t.repair_feedback).where(t.repair_feedback.c.tenant_id == h.tenant_id))
    tenant_id = send_week_1(svc, content, clean, "fu-month-3", graph, days=91)
    with Session(clean, future=True) as session:
        [moment] = session.execute(select(t.followup_deliveries.c.moment)
                                   .where(t.followup_deliveries.c.tenant_id == tenant_id,
                                          t.followup_deliveries.c.status == fu.SENT)).scalars().all()
    assert moment == "maand_3"
    step = followup_flows.repair_score(svc, content, turn("fu-month-3", "repair_score", "8, fijn wonen hier"))
    assert step.reply is not None and step.reply.reply_name == "followup_score_thanks", said(step)
    assert answer_of(clean, tenant_id) == "cijfer 8"
    again = followup_flows.repair_score(svc, content, turn("fu-month-3", "repair_score", "9"))
    assert again.reply is not None and again.reply.reply_name == "repair_feedback_unknown"  # answered once


def test_a_yes_or_no_naming_a_broken_part_after_a_follow_up_is_a_problem(
        svc: kernel.Services, content: Content, clean: Engine, graph: str) -> None:  # noqa: F811
    """QA, session 20: "nee, de kraan lekt nog steeds" after the week-1 follow-up was answered as a
    job for the tenant (the classifier: who repairs), and the follow-up stayed unanswered for staff."""
    tenant_id = send_week_1(svc, content, clean, "wa-still-leaking", graph)
    text = "nee, de kraan lekt nog steeds"
    assert followup_flows.answer_after_followup(svc, content, "wa-still-leaking", text) == "followup_home_problem"
    assert followup_flows.read_answer(content, "de kraan lekt weer") == "followup_home_problem"
    for not_a_problem in ("nee, niks kapot", "nee, alles werkt", "nee, wie moet de kraan maken?", "de kraan lekt"):
        assert followup_flows.read_answer(content, not_a_problem) != "followup_home_problem", not_a_problem
    assert followup_flows.answer_after_followup(svc, content, "elsewhere", text) is None  # no follow-up there
    step = followup_flows.followup_answer(svc, content, turn("wa-still-leaking", "repair_responsibility", text))
    assert "repareren wij" in said(step) and step.slots["repair_object"] == "kraanleertje"
    assert answer_of(clean, tenant_id) == fu.PROBLEM


@pytest.mark.parametrize(("offer_minutes", "handed_over"), [(-10, True), (5, False)])
def test_a_stop_with_the_journey_offered_answers_what_was_shown_last(
        svc: kernel.Services, content: Content, clean: Engine, graph: str, offer_minutes: int,  # noqa: F811
        handed_over: bool) -> None:
    """QA, session 20: the journey's offer, then a week-1 follow-up in the same session, then "stop": it paused
    the journey and the follow-ups went on. An offer shown after the follow-up is still declined by it."""
    from huurwijzer.conversation import journey_slots
    from huurwijzer.conversation.fallback_reply import reply_to_fallback
    from huurwijzer.conversation.turn_outcome import HANDED_TO_FOLLOWUP

    send_week_1(svc, content, clean, "wa-last-shown", graph)  # sent at NOW
    asked = turn("wa-last-shown", "deny", "stop", slots={journey_slots.OFFERED: True},
                 journey_shown_at=NOW + timedelta(minutes=offer_minutes))
    outcome = reply_to_fallback(svc, content, asked, [], None)
    assert (outcome == HANDED_TO_FOLLOWUP) is handed_over
    if not handed_over:
        assert outcome.reply is not None and outcome.reply.reply_name == "onboarding_paused"
    assert followup_flows.answer_after_followup(svc, content, "wa-last-shown", "stop",
                                                sent_after=asked.journey_shown_at) == ("followup_stop" if handed_over
                                                                                       else None)
