"""Criticism read as abuse (QA, session 22): "jullie zijn waardeloos" got the abuse reply, which speaks of
swearing, threats and the police. Criticism without swearing or a threat gets `criticism` (sorry, tell us, or
make a complaint); swearing and threats keep the abuse reply. Every text was written for this test."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation.answering import basic_reply

CRITICISM = ["jullie zijn waardeloos", "Wat een slechte service van jullie!", "jullie zijn allemaal incompetent",
             "ik ben echt klaar met jullie, niemand belt ooit terug", "You are useless, nobody ever calls back"]
RUDE_OR_THREAT = ["stomme bot", "wat een kutservice", "jullie zijn oplichters", "rot op",
                  "ik maak jullie kapot", "ik weet waar je woont", "als niemand komt sla ik de boel kort en klein",
                  "you are a bunch of idiots", "I know where you live"]


@pytest.mark.parametrize("text", CRITICISM)
def test_criticism_is_heard_and_offered_the_complaint(content: Content, text: str) -> None:
    reply = basic_reply(content, "abuse", 0.8, text)
    assert reply.reply_name == "criticism" and reply.metadata.topic == "complaint"
    assert "politie" not in reply.text and "/complaint" in [button.payload for button in reply.buttons]


@pytest.mark.parametrize("text", RUDE_OR_THREAT)
def test_swearing_and_threats_keep_the_abuse_reply(content: Content, text: str) -> None:
    assert basic_reply(content, "abuse", 0.8, text).reply_name == "abuse"


def test_the_english_conversation_gets_it_in_english(content: Content) -> None:
    reply = basic_reply(in_language(content, "en"), "abuse", 0.8, "you are useless")
    assert reply.reply_name == "criticism" and "complaint" in reply.text


def test_other_readings_are_left_alone(content: Content) -> None:
    assert basic_reply(content, "greet", 0.9, "jullie zijn waardeloos").reply_name != "criticism"
