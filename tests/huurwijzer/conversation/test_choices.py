"""Choices at the start: only what the profile offers, stored, confirmed, the next one asked, the
choice changeable; the journey's home step mentions them."""

from __future__ import annotations

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.choices_profile import ChoiceError, parse_choices
from huurwijzer.content.loader import Content
from huurwijzer.conversation import choices, kernel
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import holder, turn, verify

CONTRACT = "HC-100084"


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


def said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def test_the_profile_offers_painting_and_thresholds_and_off_means_gone(content: Content) -> None:
    assert [c.id for c in content.choices] == ["schilderwerk", "drempel"]
    two = [{"id": "a", "titel": "A", "bevestiging": "ok"}, {"id": "b", "titel": "B", "bevestiging": "ok"}]
    assert parse_choices([{"id": "x", "aan": False, "vraag": "?", "opties": two}]) == ()
    assert parse_choices(None) == ()
    with pytest.raises(ChoiceError, match="twee opties"):
        parse_choices([{"id": "x", "vraag": "?", "opties": two[:1]}])


def test_a_choice_is_stored_confirmed_and_the_next_one_asked(svc: kernel.Services, content: Content,
                                                             engine: Engine) -> None:
    h = holder(engine, CONTRACT)
    with Session(engine, future=True) as session, session.begin():
        session.execute(delete(t.tenant_choices))
    logged_out = choices.choice_step(svc, content, turn("ch-1", "move_in_choice", "mijn keuzes"))
    assert logged_out.reply is not None and logged_out.reply.reply_name == "followup_login_first"
    verify(svc, content, "ch-1", h, pending="verify_identity")
    first = choices.choice_step(svc, content, turn("ch-1", "move_in_choice", "mijn keuzes"))
    assert "schilderen" in said(first) and first.reply is not None
    vouchers = next(b.payload for b in first.reply.buttons if "verfbonnen" in b.title)
    assert vouchers == '/move_in_choice{"choice_option":"schilderwerk:verfbonnen"}'
    second = choices.choice_step(svc, content, turn("ch-1", "move_in_choice", vouchers))
    assert "verfbonnen ter waarde van" in said(second) and "drempels" in said(second)
    done = choices.choice_step(svc, content, turn("ch-1", "move_in_choice", "Drempels weghalen"))  # typed
    assert "Wij halen de drempels weg" in said(done) and "U heeft alles gekozen" in said(done)
    assert "**Ik wil verfbonnen**" in said(done) and "**Drempels weghalen**" in said(done)
    with Session(engine, future=True) as session:
        assert choices.chosen(session, h.tenant_id) == {"schilderwerk": "verfbonnen", "drempel": "drempels_weg"}
    changed = choices.choice_step(svc, content, turn("ch-1", "move_in_choice", "ik wil toch dat jullie schilderen"))
    assert "Onze schilder belt u" in said(changed)
    with Session(engine, future=True) as session:
        assert choices.chosen(session, h.tenant_id)["schilderwerk"] == "wij_schilderen"


def test_the_journeys_home_step_mentions_the_choices(svc: kernel.Services, content: Content, engine: Engine) -> None:
    from dataclasses import replace

    from huurwijzer.conversation import journey_slots, journey_steps

    for _ in range(3):
        journey_steps.journey_step(svc, content, turn("ch-home", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    result = verify(svc, content, "ch-home", holder(engine, "HC-100070"), pending="verify_identity",
                    **{journey_slots.ACTIVE: True})
    assert "Stap 4 van 7" in said(result) and 'Typ daarvoor "mijn keuzes"' in said(result)
    none = replace(content, choices=())
    again = journey_steps.journey_step(svc, none, turn("ch-home", "start_onboarding"))
    assert "Stap 4 van 7" in said(again) and "mijn keuzes" not in said(again)
    from huurwijzer.content.loader import in_language

    english = journey_steps.journey_step(svc, in_language(content, "en"), turn("ch-home", "start_onboarding"))
    assert "Step 4 of 7" in said(english) and "U mag bij de start" not in said(english)  # no Dutch in English
    assert 'type "mijn keuzes"' in said(english)


def test_part_of_an_options_title_typed_chooses_it(svc: kernel.Services, content: Content, engine: Engine) -> None:
    h = holder(engine, "HC-100098")
    verify(svc, content, "ch-2", h, pending="verify_identity")
    step = choices.choice_step(svc, content, turn("ch-2", "move_in_choice", "verfbonnen"))  # "Ik wil verfbonnen"
    assert "verfbonnen ter waarde van" in said(step)
    step = choices.choice_step(svc, content, turn("ch-2", "move_in_choice", "weghalen graag"))
    assert "Wij halen de drempels weg" in said(step)
    both = choices.choice_step(svc, content, turn("ch-2", "move_in_choice", "verfbonnen of schilderen?"))
    assert "Genoteerd" not in said(both)  # two options named: nothing chosen
    with Session(engine, future=True) as session:
        assert choices.chosen(session, h.tenant_id) == {"schilderwerk": "verfbonnen", "drempel": "drempels_weg"}
