"""The features merged after issue 17 (after the keys, maatwerk, choices, own situation first) mark
what carries the tenant's own data where it is rendered, so the tracker store keeps a placeholder.
Each test runs the flow, sends the step as the action server does and saves it through the real
tracker store."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import choices, followup_flows, kernel, personal_questions
from huurwijzer.conversation.reply import reply_text
from huurwijzer.tenancy import schema as t
from tests.actions.test_personal_marking import bot_events, stored
from tests.huurwijzer.support import emptied, holder, turn, verify


def said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def test_a_move_in_choice_confirmed_before_the_next_question_is_not_stored(
        svc: kernel.Services, content: Content, engine: Engine, tmp_path: Path) -> None:
    h = holder(engine, "HC-100084")
    with Session(engine, future=True) as session, session.begin():
        session.execute(delete(t.tenant_choices).where(t.tenant_choices.c.tenant_id == h.tenant_id))
    verify(svc, content, "mark-choice", h, pending="verify_identity")
    step = choices.choice_step(svc, content, turn("mark-choice", "move_in_choice",
                                                  '/move_in_choice{"choice_option":"schilderwerk:verfbonnen"}'))
    confirmation = content.choices[0].option("verfbonnen").confirmation  # type: ignore[union-attr]
    assert confirmation in said(step) and step.reply is not None and "drempels" in step.reply.text
    data = stored("action_move_in_choice", bot_events(step), tmp_path / "t.db")
    assert confirmation not in data  # the tenant's choice
    assert step.reply.text in data  # the next question itself stays readable


def test_the_wish_for_simple_language_told_after_the_maatwerk_questions_is_not_stored(
        svc: kernel.Services, content: Content, engine: Engine, tmp_path: Path) -> None:
    from tests.huurwijzer.conversation.test_maatwerk import answer_maatwerk

    emptied(engine, t.tenant_tasks, t.contact_preferences, t.onboarding_progress)
    step = answer_maatwerk(svc, content, "mark-simple", {"pref_language": "ja"})
    told = content.replies["maatwerk_simple_language_on"].text
    assert told in said(step)
    data = stored("action_onboarding", bot_events(step), tmp_path / "t.db")
    assert told not in data and "korte antwoorden" not in data
    assert reply_text(content, "maatwerk_later_debit_offer") in data  # said to everyone: readable


def test_the_consent_to_follow_ups_and_the_tenants_channel_are_not_stored(
        svc: kernel.Services, content: Content, engine: Engine, tmp_path: Path) -> None:
    from tests.huurwijzer.conversation.test_followup_flows import CONTRACT

    emptied(engine, t.followup_consents, t.followup_deliveries)
    h = holder(engine, CONTRACT)
    with Session(engine, future=True) as session, session.begin():
        session.execute(delete(t.contact_preferences).where(t.contact_preferences.c.tenant_id == h.tenant_id))
        session.execute(insert(t.contact_preferences).values(tenant_id=h.tenant_id, channel="whatsapp",
                                                             language_help=False, wants_money_help=False))
    verify(svc, content, "mark-consent", h, pending="verify_identity")
    asked = followup_flows.consent_answer(svc, content, turn("mark-consent", "followup_consent", "ik wil berichten"))
    yes = followup_flows.consent_answer(svc, content, turn("mark-consent", "followup_consent", "Ja, graag",
                                                           slots={followup_flows.ASKED: True},
                                                           offered=(followup_flows.CONSENT_PAYLOAD,)))
    again = followup_flows.consent_answer(svc, content, turn("mark-consent", "followup_consent", "ja"))
    for step, said_text in ((asked, "Mogen wij u"), (yes, "af en toe een kort bericht"),
                            (again, "af en toe een kort bericht")):
        assert said_text in said(step) and "via WhatsApp" in said(step)
        data = stored("action_followup_consent", bot_events(step), tmp_path / f"{said_text[:5]}{id(step)}.db")
        assert said_text not in data and "via WhatsApp" not in data


def test_no_repair_requests_told_before_a_general_answer_is_not_stored(
        svc: kernel.Services, content: Content, engine: Engine, tmp_path: Path) -> None:
    from huurwijzer.conversation.answering import answer_question
    from tests.huurwijzer.support import OFFICE

    with Session(engine, future=True) as session:
        number = next(n for n in session.execute(select(t.contracts.c.contract_number)).scalars()
                      if not OFFICE.repair_requests(session, n) and OFFICE.contract_holders(session, n))
    verify(svc, content, "mark-no-repairs", holder(engine, number))
    question = "hoe lang duurt een reparatie?"
    general = answer_question(content, "report_repair", 0.9, question, None, personal_offer=False)
    reply = personal_questions.with_own_situation(svc, content, turn("mark-no-repairs", "report_repair", question),
                                                  general)
    assert reply is not None and reply.text.startswith("Er staan geen reparatieverzoeken op uw naam")
    data = stored("action_answer_question", bot_events(kernel.Step(reply)), tmp_path / "t.db")
    assert "geen reparatieverzoeken" not in data
