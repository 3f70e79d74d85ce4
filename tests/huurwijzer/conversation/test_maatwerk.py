"""Each maatwerk answer has a visible consequence: help with money becomes a callback task for the
early-help team with the profile's response time (told to the tenant, over their channel at
their times); care gives the Wmo and adaptations route and asks about a contact person; simple
language gives short texts and fewer buttons; a later debit date is offered to everyone. (Channel
and times driving the follow-ups: tests/huurwijzer/conversation/test_followups.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Dict, Tuple

import pytest
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content import maatwerk_profile as mp
from huurwijzer.content import onboarding_steps
from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_answers, kernel, shared_names
from huurwijzer.conversation import maatwerk as mw
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.maatwerk_flows import adapt, request
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import NOW, emptied, holder, turn, verify

CONTRACT = "HC-100084"


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


@pytest.fixture()
def clean(engine: Engine) -> Engine:
    emptied(engine, t.tenant_tasks, t.contact_preferences, t.onboarding_progress)
    return engine


def said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def answer_maatwerk(svc: kernel.Services, content: Content, sender: str, answers: Dict[str, str]) -> kernel.Step:
    """Logs the tenant of CONTRACT in and answers the five maatwerk questions."""
    verify(svc, content, sender, holder(svc.engine, CONTRACT), pending="verify_identity")
    slots: Dict[str, Any] = {}
    for slot in shared_names.PREFERENCE_SLOTS:
        text = answers.get(slot, "overslaan")
        answered = journey_answers.preference_input(svc, content, turn(sender, "nlu_fallback", text), slot, text)
        slots.update(answered.slots)
    return journey_answers.answers_saved(svc, content, turn(sender, slots=slots))


def open_tasks(engine: Engine) -> Any:
    with Session(engine, future=True) as session:
        return mw.tasks(session, holder(engine, CONTRACT).tenant_id, only_open=True)


def test_working_days_skip_weekends_and_holidays() -> None:
    friday = date(2026, 12, 18)
    assert mw.add_working_days(friday, 1, ()) == date(2026, 12, 21)
    assert mw.add_working_days(date(2026, 12, 23), 3, (date(2026, 12, 25), date(2026, 12, 26))) == date(2026, 12, 29)


def test_help_with_money_becomes_a_callback_for_early_help_told_to_the_tenant(
        svc: kernel.Services, content: Content, clean: Engine) -> None:
    step = answer_maatwerk(svc, content, "mw-money", {"pref_channel": "telefoon", "pref_times": "ochtend",
                                                      "pref_money": "ja"})
    assert content.maatwerk is not None
    team = content.maatwerk.early_help
    [task] = open_tasks(clean)
    due = mw.add_working_days(NOW.date(), team.working_days, content.profile.holidays)
    assert (task.kind, task.team, task.due_on, task.channel, task.preferred_times) == \
        (mp.MONEY, team.name, due, "telefoon", "ochtend")
    text = said(step)
    assert f"{team.name} neemt binnen {team.working_days} werkdagen contact met u op" in text
    assert f"{due:%d-%m-%Y}" in text and "per telefoon, in de ochtend" in text
    assert "Wmo" not in text  # no care answer, no care route
    again = answer_maatwerk(svc, content, "mw-money-2", {"pref_money": "ja"})  # asked twice: one open task
    assert len(open_tasks(clean)) == 1 and "Vroeg Eropaf" in said(again)


def test_no_to_everything_creates_no_task_but_offers_the_later_debit(svc: kernel.Services, content: Content,
                                                                     clean: Engine) -> None:
    step = answer_maatwerk(svc, content, "mw-none", {"pref_money": "nee", "pref_care": "nee",
                                                     "pref_language": "nee"})
    assert open_tasks(clean) == ()
    text = said(step)
    assert "huur later afschrijven" in text and content.profile.variables["incasso_later"] in text
    assert "uitkering heeft" not in text  # offered to everyone paid later in the month


def test_care_needs_give_the_wmo_route_and_ask_about_a_contact_person(svc: kernel.Services, content: Content,
                                                                      clean: Engine) -> None:
    step = answer_maatwerk(svc, content, "mw-care", {"pref_channel": "whatsapp", "pref_care": "ja"})
    text = said(step)
    assert "Wmo-loket" in text and "contactpersoon toevoegen" in text and "via WhatsApp" in text
    assert [task.kind for task in open_tasks(clean)] == [mp.CARE]
    added = request(svc, content, turn("mw-care", "care_contact_person", "contactpersoon toevoegen"))
    assert "contactpersoon vast te leggen" in said(added) and "via WhatsApp" in said(added)
    assert sorted(task.kind for task in open_tasks(clean)) == [mp.CONTACT_PERSON, mp.CARE]


def test_later_debit_is_a_task_for_the_rent_team(svc: kernel.Services, content: Content, clean: Engine) -> None:
    answer_maatwerk(svc, content, "mw-debit", {"pref_channel": "e-mail", "pref_times": "na 17:00"})
    step = request(svc, content, turn("mw-debit", "later_debit", "huur later afschrijven"))
    assert content.maatwerk is not None
    assert content.maatwerk.later_debit.name in said(step) and "per e-mail, na 17:00" in said(step)
    assert [task.kind for task in open_tasks(clean)] == [mp.LATER_DEBIT]
    nobody = request(svc, content, turn("mw-nobody", "later_debit", "huur later afschrijven"))
    assert nobody.reply is not None and nobody.reply.reply_name == "followup_login_first"


def test_simple_language_gives_short_answers_with_fewer_buttons(svc: kernel.Services, content: Content,
                                                                clean: Engine) -> None:
    step = answer_maatwerk(svc, content, "mw-simple", {"pref_language": "ja"})
    assert "korte antwoorden" in said(step)
    full = answer_question(content, "rent_payment", 0.9, "wanneer moet ik de huur betalen", "huur-betalen")
    assert full.metadata.knowledge_id == "huur-betalen" and full.buttons
    many = replace(full, buttons=full.buttons * 3)
    simple = adapt(svc, content, "mw-simple", many)
    assert simple.text.startswith("Betaal de huur vóór") and len(simple.text) < len(full.text) / 2
    assert content.maatwerk is not None and len(simple.buttons) == content.maatwerk.max_buttons
    assert simple.metadata == full.metadata
    # Someone else (not logged in, or without the wish) gets the full answer.
    assert adapt(svc, content, "mw-someone-else", many) == many
    answer_maatwerk(svc, content, "mw-simple-later", {"pref_language": "nee"})  # changed their mind
    assert adapt(svc, content, "mw-simple", many) == many


def test_every_short_text_belongs_to_an_entry_and_renders(content: Content) -> None:
    from huurwijzer.content.knowledge import render

    assert len(content.short_texts) >= 8
    for entry_id, text in content.short_texts.items():
        assert content.knowledge.get(entry_id) is not None, entry_id
        assert "{" not in render(text, content.profile.variables)


def test_preferences_are_in_the_tenancy_database_not_in_slots(svc: kernel.Services, content: Content,
                                                              clean: Engine) -> None:
    step = answer_maatwerk(svc, content, "mw-slots", {"pref_money": "ja", "pref_care": "ja"})
    assert all(step.slots.get(s) is None for s in shared_names.PREFERENCE_SLOTS)
    with Session(clean, future=True) as session:
        prefs = mw.preferences(session, holder(clean, CONTRACT).tenant_id)
    assert prefs is not None and prefs.wants_money_help and prefs.care_needs
    assert onboarding_steps.PREFERENCES_STEP  # marked done by the journey (see test_journey.py)


def test_the_answer_action_gives_the_short_text_and_does_not_wait_for_a_slow_database(
        svc: kernel.Services, content: Content, clean: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import time

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    import actions.actions as sdk
    from huurwijzer.conversation import question_reply

    answer_maatwerk(svc, content, "mw-action", {"pref_language": "ja"})
    monkeypatch.setattr(sdk.kernel, "services", lambda: svc)
    monkeypatch.setattr(sdk, "live_content", lambda: content)
    latest = {"text": "wanneer moet ik de huur betalen", "intent": {"name": "rent_payment", "confidence": 0.9},
              "intent_ranking": [], "entities": [{"entity": "knowledge_id", "value": "huur-betalen"}]}

    def said_by_action() -> Tuple[str, float]:
        """The text and how long the action took (the event loop's own wait for leftover
        threads at its end is not the tenant's wait)."""
        dispatcher = CollectingDispatcher()

        async def timed() -> float:
            started = time.monotonic()
            await sdk.ActionAnswerQuestion().run(dispatcher, Tracker("mw-action", {}, latest, [], False, None, {}, ""),
                                                 {})
            return time.monotonic() - started

        took = asyncio.run(timed())
        return str(dispatcher.messages[0]["text"]), took

    # The tenant is logged in, so their own rent status comes first (personal_questions.with_own_situation), then
    # the short text instead of the full answer.
    text = said_by_action()[0]
    assert "Betaal de huur vóór" in text and "De huur betaalt u vooraf" not in text

    def slow(*args: Any) -> Any:
        time.sleep(3)
        return args[-1]

    monkeypatch.setattr(question_reply, "adapt_to_tenant", slow)
    text, took = said_by_action()
    assert took < 2 and "De huur betaalt u vooraf" in text  # the full answer, in time


def test_an_english_tenant_hears_the_consequences_in_english(svc: kernel.Services, content: Content,
                                                             clean: Engine) -> None:
    from huurwijzer.content.loader import in_language

    english = in_language(content, "en")
    step = answer_maatwerk(svc, english, "mw-english", {"pref_channel": "phone", "pref_times": "morning",
                                                        "pref_money": "yes please", "pref_care": "yes"})
    text = said(step)
    assert "Help with money matters" in text and "by phone, in the morning" in text
    assert "Care or support" in text and "Do you get your wages or benefit later in the month?" in text
    assert "Krijgt u" not in text and "Hulp bij geldzaken" not in text and "neemt binnen" not in text


def test_an_english_tenant_hears_english_team_names_and_route_staff_see_dutch(
        svc: kernel.Services, content: Content, clean: Engine) -> None:
    from huurwijzer.content.loader import in_language

    english = in_language(content, "en")
    step = answer_maatwerk(svc, english, "mw-english-teams", {"pref_money": "yes", "pref_care": "yes"})
    text = said(step)
    assert "our early help team (Vroeg Eropaf) will contact you" in text
    assert "Help at home, support or an aid" in text and "our neighbourhood consultant" in text.lower()
    assert "het team" not in text and "wijkconsulent" not in text and "Wmo-loket" not in text
    assert {task.team for task in open_tasks(clean)} == {"het team Vroeg Eropaf", "onze wijkconsulent"}

    later = request(svc, english, turn("mw-english-teams", "later_debit", "collect my rent later"))
    assert later.reply is not None and "our rent collection team" in later.reply.text.lower()
    assert "Huurincasso" not in later.reply.text


def test_no_sentence_starts_with_a_lowercase_team_name(content: Content) -> None:
    """Team names are written as they read mid-sentence ("het team Huurincasso", "our rent collection
    team"): the texts that say them must not start a sentence or a line with them ("Goed. het team ...")."""
    import re

    from huurwijzer.content.loader import in_language
    from huurwijzer.conversation.reply import reply_text

    assert content.maatwerk is not None
    teams = (content.maatwerk.early_help, content.maatwerk.care, content.maatwerk.later_debit)
    names = [n for n in content.replies if n.startswith("maatwerk_") and "{team}" in content.replies[n].text]
    assert len(names) >= 4
    for view, english in ((content, False), (in_language(content, "en"), True)):
        for name in names:
            for team in teams:
                text = reply_text(view, name, {"team": team.shown(english), "reactietijd": "3", "datum": "01-02-2027",
                                               "hoe": "per telefoon", "wanneer": "", "route": "Route."})
                assert not re.search(r"(?:^|[.!?:]\s*\n|[.!?]\s+)[a-z]", text), (name, text)
