"""Session 13: the messages exploratory QA saw the NLU misread in conversations with the running
assistant (docs/notes.md, "Session 12", Next), on the trained model. The texts are QA's, never
trained on (data/nlu/qa_misreads.yml has other phrasings of the same things). Each failed on the
session's start model: fallback, out of scope, login, step 2 again or a greeting.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any, Dict, List

import pytest
import structlog

from huurwijzer.content.language import DUTCH, ENGLISH, PARSE_KEY
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.journey_words import is_bare_yes
from huurwijzer.conversation.understanding import FALLBACK_INTENT

# What QA typed -> the intent that gives the right answer.
MISREAD = {
    # English worry about eviction: the arrears answer, not the fallback
    "I am afraid I will be evicted": "rent_payment",
    # a worried tenant first gets the general arrears help (which offers their own status), not the login
    "ik heb een huurachterstand en durf niet te bellen": "rent_payment",
    # English answers to the assistant's yes/no questions, read as the Dutch ones
    # ("ja" -> followup_home_problem, which huurwijzer/conversation/bare_yes.py reads by context)
    "yes": "followup_home_problem",
    "yes please": "followup_home_problem",
    "no thanks": "deny",
    # a change of language
    "continue in English": "switch_to_english",
    "verder in het Nederlands": "switch_to_dutch",
    # a window that sticks: a repair report
    "mijn raam in de slaapkamer klemt": "start_repair_report",
    # an English tenant in the journey asks for the checklist, not the next step
    "what do I still need to do?": "onboarding_checklist",
    # a contract number typed again after a failed login: log in again
    "HC-100014": "verify_identity",
    "hc100021": "verify_identity",
}
# Messages of the same kinds that must keep their reading.
KEPT = {
    "ja": "followup_home_problem",
    "nee": "deny",
    "heb ik een huurachterstand?": "my_rent",
    "wat moet ik nog doen?": "onboarding_checklist",
    "I am a new tenant": "start_onboarding",
    "hallo": "greet",
    "ik wil een reparatie melden": "start_repair_report",
}
# A tenant worried about eviction is never refused as misuse.
EVICTION_WORRIES = [
    "ik ben bang dat ik uit mijn huis gezet word",
    "ik heb een achterstand en ben doodsbang dat de corporatie me eruit zet",
    "I am afraid I will be evicted",
]


IN_DUTCH_FOR_ENGLISH = "verder in het Engels"


def parse(model: Path, texts: List[str]) -> Dict[str, Dict[str, Any]]:
    from rasa.core.agent import Agent

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    agent = Agent.load(str(model))

    async def run() -> List[Dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return dict(zip(texts, asyncio.run(run()), strict=True))


@pytest.fixture(scope="module")
def parsed(trained_model: Path) -> Dict[str, Dict[str, Any]]:
    return parse(trained_model, list({**MISREAD, **KEPT}) + EVICTION_WORRIES + [IN_DUTCH_FOR_ENGLISH])


def test_qa_misreads_reach_their_intent_with_confidence(parsed: Dict[str, Dict[str, Any]]) -> None:
    got = {text: str(parsed[text]["intent"]["name"]) for text in MISREAD}
    print({text: (got[text], round(float(parsed[text]["intent"]["confidence"]), 2)) for text in MISREAD})
    assert got == MISREAD  # the intent itself, so no fallback in between


def test_readings_of_the_same_kind_kept(parsed: Dict[str, Dict[str, Any]]) -> None:
    assert {text: parsed[text]["intent"]["name"] for text in KEPT} == KEPT


def test_english_yes_is_read_as_a_bare_yes() -> None:
    # bare_yes answers the assistant's own last question (journey offer, consent), as for "ja"
    assert is_bare_yes("yes") and is_bare_yes("yes please")


def test_a_request_for_a_language_sets_it(parsed: Dict[str, Dict[str, Any]]) -> None:
    # written in Dutch, asks for English: the reply and the next short messages are English
    assert parsed[IN_DUTCH_FOR_ENGLISH][PARSE_KEY] == ENGLISH
    assert parsed["verder in het Nederlands"][PARSE_KEY] == DUTCH


def test_an_eviction_worry_is_never_misuse(parsed: Dict[str, Dict[str, Any]]) -> None:
    for text in EVICTION_WORRIES:
        intent = str(parsed[text]["intent"]["name"])
        assert intent not in ("misuse", FALLBACK_INTENT), (text, intent)
        assert service_topic_of(intent) == "rent_payment", (text, intent)
