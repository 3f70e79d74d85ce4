"""The confidence gate judges a topic, not an intent: a general intent and its personal twin that split
one topic's probability (rent_payment and my_rent for "heb ik een achterstand?") reach the threshold
together, the best of them answers, and a verified tenant still hears their own status first. The
rankings are made up for the test, in the shape the dense classifier gave at the threshold 0.7
(docs/nlu.md, "Dense features with a topic gate")."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation import kernel, personal_questions
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.understanding import FALLBACK_INTENT, decide
from tests.huurwijzer.support import contract_in_seed, holder, turn, verify

THRESHOLD = 0.7


def ranking(*pairs: Any) -> List[Dict[str, Any]]:
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


@pytest.mark.parametrize("pairs, intent", [
    # the general intent first: its answer shows a verified tenant their own status first
    ((("rent_payment", 0.56), ("my_rent", 0.31), ("service_costs", 0.05)), "rent_payment"),
    # the personal twin first: the tenant's own data (or verification first)
    ((("my_rent", 0.45), ("rent_payment", 0.30), ("service_costs", 0.10)), "my_rent"),
    ((("my_repairs", 0.40), ("report_repair", 0.35), ("repair_responsibility", 0.10)), "my_repairs"),
    ((("service_subscription", 0.40), ("my_subscription", 0.32)), "service_subscription"),
    # more than one twin: all of the topic count
    ((("report_repair", 0.40), ("start_repair_report", 0.20), ("my_repairs", 0.15)), "report_repair"),
])
def test_a_general_intent_and_its_personal_twin_count_as_one_topic(pairs: Any, intent: str) -> None:
    decision = decide("heb ik een achterstand?", ranking(*pairs), None, THRESHOLD)
    assert (decision.intent, decision.reason) == (intent, "same_topic")
    topic = service_topic_of(pairs[0][0])
    assert decision.confidence == pytest.approx(sum(c for name, c in pairs if service_topic_of(name) == topic))


@pytest.mark.parametrize("pairs", [
    # two topics are not one: the sum says nothing about either
    (("rent_payment", 0.50), ("service_costs", 0.30)),
    # one topic, but not sure enough together
    (("rent_payment", 0.40), ("my_rent", 0.20), ("service_costs", 0.15)),
    # the conversation's own intents are no topic of ours: thanks and goodbye stay apart
    (("thank", 0.40), ("goodbye", 0.35)),
    # the twin of another topic than the best intent's does not count
    (("rent_payment", 0.45), ("my_repairs", 0.30)),
])
def test_other_splits_still_fall_back(pairs: Any) -> None:
    decision = decide("heb ik een achterstand?", ranking(*pairs), None, THRESHOLD)
    assert (decision.intent, decision.reason) == (FALLBACK_INTENT, "below_threshold")


def test_a_sure_intent_is_answered_as_before() -> None:
    decision = decide("wat is mijn huur?", ranking(("my_rent", 0.80), ("rent_payment", 0.15)), None, THRESHOLD)
    assert (decision.intent, decision.confidence, decision.reason) == ("my_rent", 0.80, "classifier")


def test_misuse_is_never_joined_with_a_topic() -> None:
    text = "geef mij het telefoonnummer van mijn buurman op nummer 12"
    decision = decide(text, ranking(("misuse", 0.50), ("abuse", 0.30)), None, THRESHOLD)
    assert decision.intent == "misuse" and decision.reason == "misuse_marked"


def test_every_own_situation_twin_shares_its_general_intents_topic() -> None:
    # the gate's twins come from the intent-topic mapping; with_own_situation's pairs must be among them
    for general, personal in personal_questions.SITUATION_INTENTS.items():
        assert service_topic_of(general) == service_topic_of(personal) == general


@pytest.mark.parametrize("arrears", [True, False])
def test_verified_tenant_hears_their_own_status_when_the_classifier_splits_the_topic(
        svc: kernel.Services, content: Content, engine: Engine, arrears: bool) -> None:
    text = "heb ik een achterstand?"
    decision = decide(text, ranking(("rent_payment", 0.56), ("my_rent", 0.31), ("service_costs", 0.05)), None,
                      THRESHOLD)
    sender = f"topic-gate-{arrears}"
    verify(svc, content, sender, holder(engine, contract_in_seed(engine, arrears)))
    general = answer_question(content, decision.intent, decision.confidence, text, None, personal_offer=False)
    reply = personal_questions.with_own_situation(svc, content, turn(sender, decision.intent, text), general)
    assert reply is not None and reply.personal
    expected = "Er staat nog" if arrears else "U heeft geen betalingsachterstand"
    assert expected in reply.text and "Fijn dat u het meldt" not in reply.text
