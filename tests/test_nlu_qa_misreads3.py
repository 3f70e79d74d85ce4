"""Session 16: the messages exploratory QA saw misread in session 15 (docs/notes.md, "Session 15", Next)
that need no context, on the trained model and through the answer they lead to. The texts are QA's, never
trained on. The ones that need the previous answer or the journey are in tests/actions/test_read_in_context.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

import pytest

from huurwijzer.content.language import ENGLISH, PARSE_KEY
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation.answering import answer_question, basic_reply
from huurwijzer.conversation.understanding import FALLBACK_INTENT
from tests.bot.played_conversation import play
from tests.test_nlu_qa_misreads import parse

HELP = "help"
# A toilet that overflows or is blocked: the repair table's blocked toilet, whose condition says when it
# is urgent ("Loopt de wc over en kunt u het niet oplossen? Dat is spoed.").
TOILET = ["mijn wc loopt over", "wc verstopt wat nu"]
BAILIFF = "I got a letter from the bailiff, what now?"
# The messages read in context (tests/actions/test_read_in_context.py), played as conversations: each reaches
# an action that reads it against the previous answer or the journey (in_context.for_turn).
READ_IN_CONTEXT = {"action_answer_question", "action_fallback", "action_onboarding_checklist"}
PLAYED = [["wat moet ik doen"], ["de bovenburen doen niet open"], ["ik heb de kraan dichtgedaan wat nu"],
          ["wie mot dat make"], ["ik ben nieuwe huurder", "hoe zit het met de sleutels?"]]


@pytest.fixture(scope="module")
def parsed(trained_model: Path) -> Dict[str, Dict[str, Any]]:
    return parse(trained_model, [HELP, *TOILET, BAILIFF])


def _answer(content: Content, parse: Dict[str, Any], text: str) -> Any:
    intent = parse["intent"]
    assert intent["name"] != FALLBACK_INTENT, text
    return answer_question(content, str(intent["name"]), float(intent["confidence"]), text, None)


def test_help_alone_says_what_the_assistant_does_and_how_to_reach_a_person(parsed: Dict[str, Dict[str, Any]],
                                                                           content: Content) -> None:
    intent = parsed[HELP]["intent"]
    reply = basic_reply(content, str(intent["name"]), float(intent["confidence"]), HELP)
    assert reply.reply_name == "help_offer", intent  # was the greeting
    assert "medewerker" in reply.text and any(b.payload == "/human_handover" for b in reply.buttons)


def test_an_overflowing_or_blocked_toilet_is_the_blocked_toilet(parsed: Dict[str, Dict[str, Any]],
                                                                content: Content) -> None:
    # "mijn wc loopt over" fell back with buttons that included "Nieuwe huurder"
    for text in TOILET:
        reply = _answer(content, parsed[text], text)
        assert reply.metadata.knowledge_id == "repair/wc-verstopt", text
        assert "Dat is spoed" in reply.text, text


def test_a_letter_from_the_bailiff_in_english_is_the_bailiff_answer(parsed: Dict[str, Dict[str, Any]],
                                                                   content: Content) -> None:
    assert parsed[BAILIFF][PARSE_KEY] == ENGLISH
    reply = _answer(in_language(content, ENGLISH), parsed[BAILIFF], BAILIFF)
    assert reply.metadata.knowledge_id == "deurwaarder"  # was the answer about paying the rent
    assert "bailiff" in reply.text


def test_the_messages_read_in_context_reach_an_action_that_reads_them(trained_model: Path) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))
    for messages in PLAYED:
        actions = [prediction[4] for prediction in play(agent, "qa-in-context", messages)]
        last = actions[actions[:-1].index("action_listen") + 1] if len(messages) > 1 else actions[0]
        assert last in READ_IN_CONTEXT, (messages, actions)
