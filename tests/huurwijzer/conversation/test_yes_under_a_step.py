"""QA, session 16: "ja" under a journey step ("Klaar met deze stap? Kies Verder") showed the same step
again, as often as the tenant said it. Under a step's "Verder" button a bare yes is "Verder"; after a
message without it ("Zullen we verdergaan?", the checklist) a yes shows the open step, nothing skipped."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import bare_yes, journey_slots, journey_steps, kernel
from tests.huurwijzer.support import everything_said, turn

UNDER_A_STEP = (journey_steps.NEXT_PAYLOAD, "/onboarding_stop")


def _said(svc: kernel.Services, content: Content, sender: str, text: str, offered: tuple[str, ...]) -> str:
    yes = turn(sender, "followup_home_problem", text, slots={journey_slots.ACTIVE: True}, offered=offered)
    return everything_said(bare_yes.followup_or_yes(svc, content, yes))


def test_the_step_buttons_say_verder(content: Content) -> None:
    assert journey_steps.NEXT_PAYLOAD in [b.payload for b in content.replies["onboarding_continue"].buttons]


@pytest.mark.parametrize("text", ["ja", "ja graag", "Ja, doe maar"])
def test_a_yes_under_a_step_goes_to_the_next(svc: kernel.Services, content: Content, text: str) -> None:
    first = journey_steps.journey_step(svc, content, turn(f"under-{text}", "start_onboarding"))
    assert "Stap 1 van" in everything_said(first)
    assert "Stap 2 van" in _said(svc, content, f"under-{text}", text, UNDER_A_STEP)
    assert "Stap 3 van" in _said(svc, content, f"under-{text}", text, UNDER_A_STEP)


def test_a_yes_to_go_on_shows_the_open_step(svc: kernel.Services, content: Content) -> None:
    journey_steps.journey_step(svc, content, turn("to-go-on", "start_onboarding"))
    assert "Stap 1 van" in _said(svc, content, "to-go-on", "ja", ("/start_onboarding",))
    assert "Stap 1 van" in _said(svc, content, "to-go-on", "ja", ())
