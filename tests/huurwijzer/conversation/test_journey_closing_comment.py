"""The journey's closing comment (QA, session 22): "de verwarming doet het niet" typed there was kept as feedback on
the journey and the journey ended as if nothing was said. A comment that names a repair or asks something is still
kept, and the tenant reads that it is not passed on, with how to report or ask it."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_answers, kernel
from tests.huurwijzer.support import turn

NOTE = "Een melding of vraag geven we zo niet door"


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def _done(svc: kernel.Services, content: Content, sender: str, comment: str) -> str:
    score = journey_answers.feedback_input(svc, content, turn(sender), "feedback_score", "8")
    said = journey_answers.feedback_input(svc, content, turn(sender), "feedback_comment", comment)
    done = journey_answers.answers_saved(svc, content, turn(sender, slots={**score.slots, **said.slots}))
    assert done.reply is not None and "De kennismaking is klaar" in done.reply.text
    return done.reply.text


@pytest.mark.parametrize("comment", ["de verwarming doet het niet", "prima, maar mijn wc is verstopt",
                                     "wanneer komt de huismeester langs?"])
def test_a_problem_or_question_as_the_comment_is_told_not_passed_on(svc: kernel.Services, content: Content,
                                                                     comment: str) -> None:
    text = _done(svc, content, "j-comment-1", comment)
    assert NOTE in text and '"reparatie melden"' in text


@pytest.mark.parametrize("comment", ["Heel duidelijk, dank!", "nee, klaar", "de stap over de woning was lang"])
def test_feedback_as_the_comment_gets_no_note(svc: kernel.Services, content: Content, comment: str) -> None:
    assert NOTE not in _done(svc, content, "j-comment-2", comment)
