"""QA, session 16: a tenant who walked part of the journey on one device and starts it on another saw
"Stap 1 van 7" as if new, and only after logging in their own step. A conversation that is not logged in
and has done no step first offers to log in and go on where they were (with a button); a tenant who
logs in there continues at their own step. Logged in, or once a step is done here, no such offer."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, journey_steps, kernel
from tests.huurwijzer.support import everything_said, holder, turn, verify

ACTIVE = {journey_slots.ACTIVE: True}
OFFER = "Bent u al eerder met deze stappen begonnen"


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine  # the database seeded for the fixed clock (new tenants on NOW's date)


def _payloads(step: kernel.Step) -> list[str]:
    return [b.payload for b in step.reply.buttons] if step.reply else []


def test_a_returning_tenant_on_a_new_device_is_offered_their_own_step(svc: kernel.Services, content: Content,
                                                                      engine: Engine) -> None:
    h = holder(engine, "HC-100084")
    verify(svc, content, "device-a", h, pending="verify_identity")  # on the old device: three steps done
    journey_steps.journey_step(svc, content, turn("device-a", "start_onboarding"))
    for _ in range(3):
        journey_steps.journey_step(svc, content, turn("device-a", "onboarding_next", slots=ACTIVE))

    fresh = journey_steps.journey_step(svc, content, turn("device-b", "start_onboarding"))
    said = everything_said(fresh)
    assert said.startswith(OFFER) and "verder waar u was" in said
    assert "/verify_identity" in _payloads(fresh) and len(_payloads(fresh)) <= 3  # WhatsApp: three buttons
    logged_in = verify(svc, content, "device-b", h, pending="verify_identity", **ACTIVE)
    assert "Stap 4 van 7" in everything_said(logged_in) and OFFER not in everything_said(logged_in)


def test_no_offer_once_a_step_is_done_or_when_logged_in(svc: kernel.Services, content: Content,
                                                        engine: Engine) -> None:
    journey_steps.journey_step(svc, content, turn("anon-walk", "start_onboarding"))
    second = journey_steps.journey_step(svc, content, turn("anon-walk", "onboarding_next", slots=ACTIVE))
    assert "Stap 2 van 7" in everything_said(second) and OFFER not in everything_said(second)
    assert "/onboarding_checklist" in _payloads(second)
    verify(svc, content, "logged-walk", holder(engine, "HC-100091"), pending="verify_identity")
    first = journey_steps.journey_step(svc, content, turn("logged-walk", "start_onboarding"))
    assert OFFER not in everything_said(first) and "/verify_identity" not in _payloads(first)


def test_the_offer_in_english(svc: kernel.Services, content: Content) -> None:
    from huurwijzer.content.language import ENGLISH
    from huurwijzer.content.loader import in_language

    step = journey_steps.journey_step(svc, in_language(content, ENGLISH), turn("anon-en", "start_onboarding"))
    said = everything_said(step)
    assert said.startswith("Did you start these steps before") and "Step 1 of 7" in said
