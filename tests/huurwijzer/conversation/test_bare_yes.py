"""A bare "ja" (read by the classifier as a problem in answer to a follow-up) starts a repair
report only when a follow-up is open; otherwise it answers the journey offer, or starts nothing."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import (
    bare_yes,
    followup_flows,
    journey_offer,
    journey_slots,
    journey_steps,
    journey_words,
    kernel,
)
from huurwijzer.conversation import followups as fu
from tests.huurwijzer.conversation.test_followup_flows import (  # noqa: F401 - fixtures
    CONTRACT,
    answer_of,
    clean,
    engine,
    send_week_1,
)
from tests.huurwijzer.conversation.test_followups import FakeGraph, graph  # noqa: F401 - the fake Graph API fixture
from tests.huurwijzer.conversation.test_journey import new_tenant_contract
from tests.huurwijzer.support import everything_said, holder, turn, verify

PROBLEM = "followup_home_problem"


@pytest.mark.parametrize("text", ["ja", "Ja!", "ja graag", "Ja, graag.", "jawel", "yes", "ja hoor", "ja, doe maar"])
def test_a_bare_yes(text: str) -> None:
    assert journey_words.is_bare_yes(text)


@pytest.mark.parametrize("text", ["ja, de kraan lekt", "ja er is iets kapot", "goed", "", "👍", "nee"])
def test_not_a_bare_yes(text: str) -> None:
    assert not journey_words.is_bare_yes(text)


def test_a_bare_yes_out_of_the_blue_starts_no_repair_report(svc: kernel.Services, content: Content,
                                                            clean: Engine) -> None:  # noqa: F811
    step = bare_yes.followup_or_yes(svc, content, turn("yes-blue", PROBLEM, "ja"))
    assert step.slots.get(kernel.NEXT_STEP) is None and kernel.PENDING_REQUEST not in step.slots
    assert step.reply is not None and step.reply.reply_name == "deny"


def test_a_bare_yes_to_the_journey_offer_continues_the_journey(svc: kernel.Services, content: Content,
                                                               clean: Engine) -> None:  # noqa: F811
    for slot in (journey_slots.OFFERED, journey_slots.ACTIVE):
        step = bare_yes.followup_or_yes(svc, content, turn(f"yes-{slot}", PROBLEM, "ja graag", slots={slot: True}))
        assert "Stap 1 van" in everything_said(step) and step.slots[journey_slots.ACTIVE] is True
        assert step.slots.get(kernel.NEXT_STEP) is None


def test_a_repair_named_without_a_follow_up_is_still_a_repair_report(svc: kernel.Services, content: Content,
                                                                     clean: Engine) -> None:  # noqa: F811
    step = bare_yes.followup_or_yes(svc, content, turn("yes-tap", PROBLEM, "ja, de kraan lekt"))
    assert step.slots[kernel.NEXT_STEP] == "verify" and step.slots[kernel.PENDING_REQUEST] == kernel.START_REPAIR


def test_a_bare_yes_to_a_follow_up_is_a_problem(svc: kernel.Services, content: Content, clean: Engine,  # noqa: F811
                                                graph: str) -> None:  # noqa: F811
    tenant_id = send_week_1(svc, content, clean, "wa-yes", graph)
    step = bare_yes.followup_or_yes(svc, content, turn("wa-yes", PROBLEM, "ja", slots={journey_slots.OFFERED: True}))
    assert step.slots[kernel.NEXT_STEP] == "verify" and step.slots[kernel.PENDING_REQUEST] == kernel.START_REPAIR
    assert answer_of(clean, tenant_id) == fu.PROBLEM


def test_a_bare_yes_to_the_consent_question_is_a_yes(svc: kernel.Services, content: Content,
                                                     clean: Engine) -> None:  # noqa: F811
    verify(svc, content, "yes-consent", holder(clean, CONTRACT))
    step = bare_yes.followup_or_yes(svc, content, turn("yes-consent", PROBLEM, "ja",
                                                       slots={followup_flows.ASKED: True, journey_slots.OFFERED: True},
                                                       offered=(followup_flows.CONSENT_PAYLOAD,)))
    assert step.reply is not None and step.reply.reply_name == "followup_consent_saved"
    assert step.slots.get(kernel.NEXT_STEP) is None


def test_a_bare_yes_after_declining_the_journey_offer_starts_nothing(svc: kernel.Services, content: Content,
                                                                     clean: Engine) -> None:  # noqa: F811
    offered = {journey_slots.OFFERED: True, journey_slots.ACTIVE: False}
    declined = journey_steps.journey_step(svc, content, turn("yes-declined", "onboarding_stop", "Nee, bedankt",
                                                       slots=offered))
    slots = {**offered, **declined.slots}
    step = bare_yes.followup_or_yes(svc, content, turn("yes-declined", PROBLEM, "ja", slots=slots))
    assert step.reply is not None and step.reply.reply_name == "deny" and not step.slots.get(journey_slots.ACTIVE)
    # and the offer is not made again in this conversation
    verify(svc, content, "yes-declined", holder(clean, new_tenant_contract(clean)))
    assert journey_offer.greeting_offer(svc, content, turn("yes-declined", "greet")) is not None
    assert journey_offer.greeting_offer(svc, content, turn("yes-declined", "greet", slots=slots)) is None


def test_a_bare_yes_to_a_single_offered_button_follows_it(svc: kernel.Services, content: Content,
                                                          clean: Engine) -> None:  # noqa: F811
    # QA, session 19: "Bent u nieuwe huurder? Kies dan hieronder." - "ja" got "Oké. Heeft u een andere vraag?"
    new = bare_yes.followup_or_yes(svc, content, turn("yes-new", PROBLEM, "ja", offered=("/onboarding_checklist",)))
    assert "Stap 1 van" in everything_said(new) and new.slots[journey_slots.ACTIVE] is True
    # "Wilt u uw eigen huur en betalingen zien? Kies dan Mijn huur." - "ja": the login for the rent starts
    rent = bare_yes.followup_or_yes(svc, content, turn("yes-rent", PROBLEM, "ja", offered=("/my_rent",)))
    assert rent.slots.get(kernel.NEXT_STEP) == "verify"


def test_a_yes_after_something_else_was_shown_is_no_consent(svc: kernel.Services, content: Content,
                                                            clean: Engine) -> None:  # noqa: F811
    """QA, session 22: the consent question shown, a repair reported in between ("Wilt u de status zien?"), then a
    "ja" recorded consent to messages. A yes is consent only to the question shown last (or its own button); here the
    question comes again and nothing is stored."""
    h = holder(clean, CONTRACT)
    verify(svc, content, "yes-later", h)
    step = bare_yes.followup_or_yes(svc, content, turn("yes-later", PROBLEM, "ja", slots={followup_flows.ASKED: True}))
    assert step.reply is not None and step.reply.reply_name == "followup_consent_ask"
    with Session(clean, future=True) as session:
        assert fu.consent(session, h.tenant_id) is None
    pressed = followup_flows.consent_answer(svc, content, turn("yes-later", followup_flows.CONSENT_INTENT,
                                                               followup_flows.CONSENT_PAYLOAD,
                                                               slots={followup_flows.ASKED: True}))
    assert pressed.reply is not None and pressed.reply.reply_name == "followup_consent_saved"  # its own button
