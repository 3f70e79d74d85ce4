"""The journey's way on from a message the fallback got (journey_steps.way_on): the one decision
action_fallback makes about the journey, without Rasa."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation import journey_slots, journey_steps, kernel, question_reply
from huurwijzer.conversation.journey_words import goes_on, is_bare_yes
from tests.huurwijzer.support import turn

ACTIVE = {journey_slots.ACTIVE: True}
OFFERED = {journey_slots.OFFERED: True}
DECLINED = {journey_slots.OFFERED: True, journey_slots.DECLINED: True}


@pytest.mark.parametrize(("slots", "text"), [(ACTIVE, "ja"), (OFFERED, "Ja, graag"), (OFFERED, "yes please"),
                                             (ACTIVE, "overslaan"), (ACTIVE, "Liever niet")])
def test_a_yes_or_a_typed_skip_goes_on_with_the_journey(content: Content, slots: dict[str, bool], text: str) -> None:
    way = journey_steps.way_on(content, turn("w-on", "nlu_fallback", text, slots=slots))
    assert way is not None and way.then == journey_steps.GO_ON == "action_onboarding"
    assert way.step.reply is None and not way.step.slots and not way.step.intro


@pytest.mark.parametrize(("slots", "text", "reply_name"), [(ACTIVE, "stop", "onboarding_paused"),
                                                           (OFFERED, "nee bedankt", "onboarding_paused"),
                                                           (ACTIVE, "ik snap het niet", "onboarding_help")])
def test_stop_no_or_not_understood_gets_the_journeys_reply(content: Content, slots: dict[str, bool], text: str,
                                                           reply_name: str) -> None:
    way = journey_steps.way_on(content, turn("w-reply", "nlu_fallback", text, slots=slots))
    assert way is not None and way.then is None
    assert way.step.reply is not None and way.step.reply.reply_name == reply_name
    if reply_name == "onboarding_paused":
        assert way.step.slots[journey_slots.ACTIVE] is False and way.step.slots[journey_slots.DECLINED] is True


@pytest.mark.parametrize(("slots", "text"), [({}, "ja"), ({}, "overslaan"), ({}, "stop"), (DECLINED, "ja graag"),
                                             (DECLINED, "nee"), (OFFERED, "overslaan"), (ACTIVE, "garage weg"),
                                             (ACTIVE, "ja, de kraan lekt")])
def test_other_messages_are_left_to_the_fallback(content: Content, slots: dict[str, bool], text: str) -> None:
    assert journey_steps.way_on(content, turn("w-none", "nlu_fallback", text, slots=slots)) is None


def test_bare_yes_words() -> None:
    assert is_bare_yes("Ja, graag!") and is_bare_yes("yes please") and is_bare_yes("jazeker hoor")
    assert not is_bare_yes("ja de kraan lekt") and not is_bare_yes("nee") and not is_bare_yes("")


PAUSED = journey_slots.paused()


@pytest.mark.parametrize(("slots", "text"), [(PAUSED, "ik wil verder"), (OFFERED, "Ik wil graag verder!"),
                                             (ACTIVE, "ga maar door"), (PAUSED, "I want to continue")])
def test_ik_wil_verder_picks_the_journey_up_again(content: Content, slots: dict[str, bool], text: str) -> None:
    # QA, session 19: "ik wil verder" after "later verder" (or under the offer) got "Ik weet niet zeker wat u bedoelt".
    way = journey_steps.way_on(content, turn("w-verder", "nlu_fallback", text, slots=slots))
    assert way is not None and way.then == journey_steps.GO_ON and way.step.reply is None


def test_ik_wil_verder_under_a_step_is_verder(content: Content) -> None:
    under = turn("w-next", "nlu_fallback", "ik wil verder", slots=ACTIVE, offered=(journey_steps.NEXT_PAYLOAD,))
    assert journey_steps._yes_to_done(under)


def test_ik_wil_verder_without_a_journey_asks_first(content: Content) -> None:
    way = journey_steps.way_on(content, turn("w-ask", "nlu_fallback", "ik wil verder"))
    assert way is not None and way.then is None
    assert way.step.reply is not None and way.step.reply.reply_name == "onboarding_confirm"


@pytest.mark.parametrize("text", ["fijne avond verder", "ik wil verder met mijn klacht", "door", "the door"])
def test_other_verder_messages_are_not_going_on(text: str) -> None:
    assert not goes_on(text)


@pytest.mark.parametrize("text", ["hoi ik ben nieuwe huurder, wat moet ik doen", "Ik ben net nieuwe huurder. Help?",
                                  "wat moet ik als nieuwe huurder regelen", "hi, I'm a new tenant, what now?"])
def test_a_new_tenant_saying_so_starts_the_journey(content: Content, text: str) -> None:
    # QA, session 19: the classifier was unsure (checklist or first steps) and the fallback offered only a button.
    way = journey_steps.way_on(content, turn("w-new", "nlu_fallback", text))
    assert way is not None and way.then == journey_steps.GO_ON and way.step.reply is None


@pytest.mark.parametrize("text", ["de nieuwe huurder van hiernaast maakt lawaai", "wie is de nieuwe huurder"])
def test_a_new_tenant_named_by_someone_else_is_not_the_journey(content: Content, text: str) -> None:
    way = journey_steps.way_on(content, turn("w-other", "nlu_fallback", text))
    assert way is None or way.then is None


@pytest.mark.parametrize("text", ["hoi ik ben nieuwe huurder, wat moet ik doen", "Ik ben net nieuwe huurder. Wat nu?",
                                  "I'm a new tenant, what should I do?"])
def test_a_new_tenant_asking_what_to_do_starts_the_journey(svc: kernel.Services, content: Content, text: str) -> None:
    # QA, session 19 (live): read as the checklist (0.66), the greeting and "ik ben nieuwe huurder" were set aside and
    # "wat moet ik doen" got "Waar gaat uw vraag over?" with a button.
    outcome = question_reply.reply_to_question(svc, content, turn("w-new-q", "onboarding_checklist", text), None)
    assert outcome.then == journey_steps.GO_ON and outcome.reply is None


def test_a_new_tenants_own_question_is_answered(svc: kernel.Services, content: Content) -> None:
    text = "krijg ik als nieuwe huurder huurtoeslag?"
    outcome = question_reply.reply_to_question(svc, content, turn("w-new-a", "rent_benefit", text), None)
    assert outcome.then is None and outcome.reply is not None


def test_read_as_the_checklist_a_new_tenant_asking_what_to_do_gets_the_journey(svc: kernel.Services,
                                                                                 content: Content) -> None:
    # QA, session 19, live: the classifier's reading was the checklist (0.66), whose action read "wat moet ik doen".
    text = "hoi ik ben nieuwe huurder, wat moet ik doen"
    step = journey_steps.checklist(svc, content, turn("w-new-c", "onboarding_checklist", text))
    assert step.reply is not None and "Stap 1 van" in step.reply.text and step.slots.get(journey_slots.ACTIVE)


def test_a_question_in_the_journey_gets_the_way_back_not_the_journeys_offer(svc: kernel.Services,
                                                                             content: Content) -> None:
    # Found as a new tenant (session 20): "wanneer krijg ik de sleutel?" at step 2 ended with "Bent u nieuwe huurder?
    # Dan loop ik graag ... door" and "Start kennismaking", as if the journey had not begun.
    asked = turn("w-in", "onboarding_first_steps", "wanneer krijg ik de sleutel?", slots=ACTIVE)
    outcome = question_reply.reply_to_question(svc, content, asked, None)
    assert outcome.reply is not None and "Bent u nieuwe huurder" not in outcome.reply.text
    assert "Zullen we verdergaan met de kennismaking?" in outcome.reply.text  # the way back (onboarding_resume)
