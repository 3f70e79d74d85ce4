from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from huurwijzer.content.loader import Content, in_language
from huurwijzer.content.topics import all_topics
from huurwijzer.conversation.answering import answer_question, basic_reply, contact_route
from huurwijzer.conversation.reply import AnswerMetadata
from huurwijzer.conversation.suggestions import suggest_topics

AMS = ZoneInfo("Europe/Amsterdam")


def test_metadata_payload_has_the_contract_fields() -> None:
    payload = AnswerMetadata("move_out", 1.7, "huur-opzeggen", None).as_payload()
    assert payload == {"topic": "move_out", "confidence": 1.0, "knowledge_id": "huur-opzeggen",
                       "responsible_party": None}


def test_question_is_answered_from_the_closest_entry_in_its_topic(content: Content) -> None:
    reply = answer_question(content, "rent_payment", 0.9, "ik kan de huur niet betalen, kan ik een regeling?", None)
    assert reply.metadata.knowledge_id == "huurachterstand"
    assert reply.metadata.topic == "rent_payment"
    assert reply.text and content.profile.variables["telefoon"] in reply.text
    assert "{" not in reply.text


def test_button_choice_wins_and_payload_text_uses_the_overview(content: Content) -> None:
    chosen = answer_question(content, "repair_responsibility", 1.0, "/repair_responsibility", "schimmel-en-vocht")
    assert chosen.metadata.knowledge_id == "schimmel-en-vocht"
    overview = answer_question(content, "repair_responsibility", 1.0, "/repair_responsibility", None)
    assert overview.metadata.knowledge_id == "wie-repareert-wat"


def test_basic_reply_labels_the_topic(content: Content) -> None:
    reply = basic_reply(content, "out_of_scope", 0.8)
    assert reply.reply_name == "out_of_scope" and "Woongoed Eemdal" in reply.text
    assert reply.metadata.topic == "out_of_scope"
    assert reply.metadata.topic in all_topics()


def test_suggestions_offer_at_most_three_entries_and_something_else(content: Content) -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.35},
        {"name": "move_out", "confidence": 0.3},
        {"name": "greet", "confidence": 0.2},
        {"name": "home_swap", "confidence": 0.2},
        {"name": "co_tenancy", "confidence": 0.1},
        {"name": "parking", "confidence": 0.05},
    ]
    reply = suggest_topics(content, ranking, "ik wil weg uit mijn huis")
    titles = [b.title for b in reply.buttons]
    assert len(reply.buttons) == 4 and titles[-1] == "Iets anders"
    assert reply.buttons[0].payload.startswith('/move_out{"knowledge_id":')
    assert reply.metadata.topic == "move_out"


def test_contact_route_during_and_outside_opening_hours(content: Content) -> None:
    meta = AnswerMetadata("human_handover", 0.9)
    open_reply = contact_route(content, datetime(2026, 11, 23, 10, 0, tzinfo=AMS), "handover", meta)
    assert open_reply.reply_name == "handover_open"
    closed = contact_route(content, datetime(2026, 11, 28, 20, 0, tzinfo=AMS), "handover", meta)
    assert closed.reply_name == "handover_closed"
    assert "maandag 30 november om 08:30" in closed.text
    evening = contact_route(content, datetime(2026, 11, 23, 18, 0, tzinfo=AMS), "handover", meta)
    assert "morgen om 08:30" in evening.text


def test_contact_route_in_english_says_when_we_are_back_in_english(content: Content) -> None:
    from huurwijzer.content.language import ENGLISH
    from huurwijzer.content.loader import in_language

    english = in_language(content, ENGLISH)
    meta = AnswerMetadata("human_handover", 0.9)
    closed = contact_route(english, datetime(2026, 11, 28, 20, 0, tzinfo=AMS), "handover", meta)
    assert "We are back Monday 30 November at 08:30" in closed.text
    evening = contact_route(english, datetime(2026, 11, 23, 18, 0, tzinfo=AMS), "fallback_human", meta)
    assert "We are back tomorrow at 08:30" in evening.text
    assert not any(dutch in closed.text + evening.text for dutch in ("maandag", "morgen", " om ", "werkdag"))


@pytest.mark.parametrize("intent, start", [("misuse", "I cannot help with that."),
                                           ("abuse", "I understand that you are angry")])
def test_an_english_tenant_is_refused_or_calmed_in_english(content: Content, intent: str, start: str) -> None:
    """QA, session 14: the refusal and the answer to swearing were Dutch for English tenants."""
    reply = basic_reply(in_language(content, "en"), intent, 0.9)
    assert reply.text.startswith(start) and reply.metadata.topic == "adversarial"
