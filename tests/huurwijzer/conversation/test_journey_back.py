"""QA, session 16: "vorige stap" during the journey was read as "verder": the tenant who asked to see the
step before skipped the one in front of them. A message that asks only for the step before opens it again."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, journey_steps, kernel
from huurwijzer.conversation.journey_words import goes_back
from tests.huurwijzer.support import everything_said, turn

ACTIVE = {journey_slots.ACTIVE: True}


@pytest.mark.parametrize("text", ["vorige stap", "Terug", "een stap terug", "naar de vorige stap", "previous step"])
def test_back_words(text: str) -> None:
    assert goes_back(text)


@pytest.mark.parametrize("text", ["terugbellen", "ik wil terug naar mijn oude huis", "volgende stap", "verder"])
def test_not_back_words(text: str) -> None:
    assert not goes_back(text)


def test_the_step_before_is_shown_again(svc: kernel.Services, content: Content) -> None:
    sender = "journey-back"
    journey_steps.journey_step(svc, content, turn(sender, "start_onboarding"))
    for expected in ("Stap 2 van", "Stap 3 van"):
        assert expected in everything_said(journey_steps.journey_step(svc, content, turn(
            sender, "onboarding_next", "verder", slots=ACTIVE)))
    back = journey_steps.journey_step(svc, content, turn(sender, "onboarding_next", "vorige stap", slots=ACTIVE))
    assert "Stap 2 van" in everything_said(back)
    assert "Stap 3 van" in everything_said(journey_steps.journey_step(svc, content, turn(
        sender, "onboarding_next", "verder", slots=ACTIVE)))


def test_back_at_the_first_step_stays_there(svc: kernel.Services, content: Content) -> None:
    journey_steps.journey_step(svc, content, turn("back-first", "start_onboarding"))
    back = journey_steps.journey_step(svc, content, turn("back-first", "onboarding_next", "vorige stap", slots=ACTIVE))
    assert "Stap 1 van" in everything_said(back)
