"""The onboarding journey without Rasa: steps, progress per tenant across conversations, the
checklist, the way back after a question, preferences, the score, the offer and the report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Dict

import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import (
    journey_answers,
    journey_offer,
    journey_slots,
    journey_steps,
    kernel,
    shared_names,
)
from huurwijzer.conversation import onboarding as ob
from huurwijzer.conversation.reply import AnswerMetadata, Reply
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import NOW, OFFICE, holder, turn, verify


@pytest.fixture(scope="module")
def engine(flows_engine: Engine) -> Engine:
    return flows_engine


STEP_IDS = ["welkom", "verwachtingen", "eerste_stappen", "uw_woning", "serviceabonnement", "maatwerk",
            "tevredenheid"]


def said(step: kernel.Step) -> str:
    return "\n".join([*step.intro, step.reply.text if step.reply else ""])


def new_tenant_contract(engine: Engine) -> str:
    with Session(engine, future=True) as session:
        rows = session.execute(select(t.contracts.c.contract_number, t.contracts.c.start_date)).all()
    return next(n for n, start in rows if ob.is_new_tenant(start, NOW.date()))


def old_tenant_contract(engine: Engine) -> str:
    with Session(engine, future=True) as session:
        rows = session.execute(select(t.contracts.c.contract_number, t.contracts.c.start_date)).all()
    return next(n for n, start in rows if start < NOW.date() - timedelta(days=400))


def test_steps_follow_the_staff_file(content: Content) -> None:
    assert [s.id for s in content.onboarding] == STEP_IDS


def test_journey_goes_step_by_step_and_the_checklist_shows_it(svc: kernel.Services, content: Content) -> None:
    first = journey_steps.journey_step(svc, content, turn("j-1", "start_onboarding"))
    assert "Stap 1 van 7" in said(first) and "Woongoed Eemdal" in said(first)
    assert first.slots[journey_slots.ACTIVE] is True
    ahead = {journey_slots.ACTIVE: True}
    second = journey_steps.journey_step(svc, content, turn("j-1", "onboarding_next", slots=ahead))
    assert "Stap 2 van 7" in said(second) and "kraanleertje" in said(second)  # examples from repairs.yml
    again = journey_steps.journey_step(svc, content, turn("j-1", "start_onboarding"))  # resume shows the open step
    assert "Stap 2 van 7" in said(again)
    listed = said(journey_steps.checklist(svc, content, turn("j-1", "onboarding_checklist")))
    assert "1 van 7 stappen gedaan" in listed and "✅ Welkom en wie wij zijn" in listed
    assert "⬜ Uw woning" in listed


def test_a_question_in_between_offers_the_way_back(content: Content) -> None:
    answer = Reply("Meterstanden geeft u zelf door.", AnswerMetadata("meter_readings", 0.9, "meterstanden"))
    assert journey_offer.with_resume(content, answer, active=False) == answer
    back = journey_offer.with_resume(content, answer, active=True)
    assert back.text.startswith(answer.text) and back.metadata == answer.metadata
    assert [b.payload for b in back.buttons] == ["/start_onboarding"]


def test_home_step_asks_to_log_in_then_shows_the_own_home(svc: kernel.Services, content: Content,
                                                          engine: Engine) -> None:
    for _ in range(3):
        journey_steps.journey_step(svc, content, turn("j-home", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    home = journey_steps.journey_step(svc, content, turn("j-home", "start_onboarding"))
    assert "Stap 4 van 7" in said(home) and "Log in" in said(home) and "€" not in said(home)
    h = holder(engine, "HC-100070")
    result = verify(svc, content, "j-home", h, pending="verify_identity", **{journey_slots.ACTIVE: True})
    with Session(engine, future=True) as session:
        contract = OFFICE.contract(session, "HC-100070")
    assert contract is not None
    assert "Stap 4 van 7" in said(result) and contract.address in said(result)
    # what was done before logging in now belongs to the tenant
    with Session(engine, future=True) as session:
        done = ob.completed(session, ob.owner_for(h.tenant_id, ""))
    assert {"welkom", "verwachtingen", "eerste_stappen"} <= set(done)


def test_progress_is_resumed_in_a_new_conversation(svc: kernel.Services, content: Content, engine: Engine) -> None:
    h = holder(engine, "HC-100077")
    verify(svc, content, "j-day1", h, pending="verify_identity")
    for _ in range(2):
        journey_steps.journey_step(svc, content, turn("j-day1", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    verify(svc, content, "j-day2-whatsapp", h, pending="verify_identity")
    resumed = journey_steps.journey_step(svc, content, turn("j-day2-whatsapp", "start_onboarding"))
    assert "Stap 3 van 7" in said(resumed)


def test_preferences_and_score_are_stored(svc: kernel.Services, content: Content, engine: Engine) -> None:
    h = holder(engine, "HC-100084")
    verify(svc, content, "j-prefs", h, pending="verify_identity")
    for _ in range(5):
        journey_steps.journey_step(svc, content, turn("j-prefs", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    step = journey_steps.journey_step(svc, content, turn("j-prefs", "start_onboarding"))
    assert step.slots["next_step"] == "onboarding_form"
    slots: Dict[str, Any] = {}
    answers = ("via WhatsApp graag", "na 17:00", "nee", "ja graag", "nee")
    for slot, text in zip(shared_names.PREFERENCE_SLOTS, answers, strict=True):
        answered = journey_answers.preference_input(svc, content, turn("j-prefs", "nlu_fallback", text), slot, text)
        slots.update(answered.slots)
    # the answers go to the tenancy database at once; the conversation only knows they were given
    assert slots == {s: shared_names.RECEIVED for s in shared_names.PREFERENCE_SLOTS}
    saved = journey_answers.answers_saved(svc, content, turn("j-prefs", slots=slots))
    assert saved.slots["next_step"] == "feedback_form" and "Stap 7 van 7" in said(saved)
    with Session(engine, future=True) as session:
        prefs = session.execute(select(t.contact_preferences).where(
            t.contact_preferences.c.tenant_id == h.tenant_id)).one()
    assert (prefs.channel, prefs.preferred_times, prefs.wants_money_help, prefs.care_needs) == \
        ("whatsapp", "na 17:00", True, None)
    score = journey_answers.feedback_input(svc, content, turn("j-prefs"), "feedback_score", "8")
    comment = journey_answers.feedback_input(svc, content, turn("j-prefs"), "feedback_comment", "Heel duidelijk, dank!")
    done = journey_answers.answers_saved(svc, content, turn("j-prefs", slots={**score.slots, **comment.slots}))
    assert "klaar" in said(done) and done.slots[journey_slots.ACTIVE] is False
    with Session(engine, future=True) as session:
        report = ob.report(session, content.onboarding)
    assert report.scores >= 1 and report.average_score is not None
    assert "Heel duidelijk, dank!" in report.comments
    assert {c.step: c.completed for c in report.per_step}["tevredenheid"] >= 1


def test_stop_in_the_maatwerk_questions_pauses_the_journey(svc: kernel.Services, content: Content,
                                                           engine: Engine) -> None:
    verify(svc, content, "j-stop", holder(engine, "HC-100091"), pending="verify_identity")
    for _ in range(5):
        journey_steps.journey_step(svc, content, turn("j-stop", "onboarding_next", slots={journey_slots.ACTIVE: True}))
    step = journey_steps.journey_step(svc, content, turn("j-stop", "start_onboarding"))
    slots: Dict[str, Any] = {**step.slots}
    slots.update(journey_answers.preference_input(svc, content, turn("j-stop", "nlu_fallback", "stop", slots=slots),
                                          "pref_channel", "stop").slots)
    saved = journey_answers.answers_saved(svc, content, turn("j-stop", slots=slots))
    assert saved.slots["next_step"] is None and saved.slots[journey_slots.ACTIVE] is False
    assert "Stap 7" not in said(saved) and saved.reply is not None and saved.reply.reply_name == "onboarding_paused"
    resumed = journey_steps.journey_step(svc, content, turn("j-stop", "start_onboarding"))
    assert "Stap 7 van 7" in said(resumed) and resumed.slots["next_step"] == "feedback_form"


def test_answers_are_parsed_and_bad_ones_asked_again(svc: kernel.Services, content: Content) -> None:
    bad = journey_answers.preference_input(svc, content, turn("j-parse"), "pref_channel", "duif")
    assert bad.slots == {"pref_channel": None} and bad.reply is not None
    assert journey_answers.preference_input(svc, content, turn("j-parse"), "pref_times", "overslaan").slots == \
        {"pref_times": "overslaan"}
    stop = journey_answers.preference_input(svc, content, turn("j-parse", slots={"pref_channel": "brief"}),
                                    "pref_times", "stop")
    assert "pref_channel" not in stop.slots and stop.slots["pref_care"] == "overslaan"  # the answer given stays
    assert journey_answers.feedback_input(svc, content, turn("j-parse"), "feedback_score", "een 7,5").slots == \
        {"feedback_score": "7"}
    assert journey_answers.feedback_input(svc, content, turn("j-parse"), "feedback_score", "elf").slots == \
        {"feedback_score": None}
    assert journey_answers.feedback_input(svc, content, turn("j-parse"), "feedback_comment", "nee, klaar").slots == \
        {"feedback_comment": "-"}


@pytest.mark.parametrize("words", ["stop", "stoppen", "ik wil stoppen", "laat maar", "nee bedankt", "Nee, bedankt.",
                                   "no thanks", "quit"])
def test_stop_in_a_preference_question_closes_the_offer(svc: kernel.Services, content: Content, words: str) -> None:
    offered = {journey_slots.OFFERED: True, journey_slots.ACTIVE: True}
    stop = journey_answers.preference_input(svc, content, turn("j-stopwords", slots=offered), "pref_channel", words)
    assert stop.reply is None and stop.slots["pref_care"] == shared_names.SKIP
    # a bare "ja" (bare_yes) or "hallo" later must not bring the journey back
    assert stop.slots[journey_slots.ACTIVE] is False and stop.slots[journey_slots.OFFERED] is False
    assert stop.slots[journey_slots.DECLINED] is True


def test_no_thanks_to_a_yes_no_question_is_no(svc: kernel.Services, content: Content) -> None:
    step = journey_answers.preference_input(svc, content, turn("j-nothanks"), "pref_money", "nee bedankt")
    assert step.slots == {"pref_money": shared_names.RECEIVED}  # answered "nee", the questions go on
    for words in ("nee bedankt", "laat maar", "stop"):
        assert journey_answers.feedback_input(svc, content, turn("j-nothanks"), "feedback_score", words).slots == \
            {"feedback_score": shared_names.SKIP, "feedback_comment": "-"}
    assert journey_answers.feedback_input(svc, content, turn("j-nothanks"), "feedback_comment",
                                          "Nee, bedankt").slots == {"feedback_comment": "-"}


def test_new_tenants_are_offered_the_journey_once(svc: kernel.Services, content: Content, engine: Engine) -> None:
    new = verify(svc, content, "j-new", holder(engine, new_tenant_contract(engine)), pending="verify_identity")
    assert "nieuwe huurder" in said(new) and new.slots.get(journey_slots.OFFERED) is True
    assert new.reply is not None and "/start_onboarding" in [b.payload for b in new.reply.buttons]
    old = verify(svc, content, "j-old", holder(engine, old_tenant_contract(engine)), pending="verify_identity")
    assert "nieuwe huurder" not in said(old)
    offered_before = turn("j-new", "greet", slots={journey_slots.OFFERED: True})
    assert journey_offer.greeting_offer(svc, content, offered_before) is None
    assert journey_offer.greeting_offer(svc, content, turn("j-new", "greet")) is not None


def test_verder_outside_the_journey_asks_first(svc: kernel.Services, content: Content) -> None:
    step = journey_steps.journey_step(svc, content, turn("j-verder", "onboarding_next"))
    assert step.reply is not None and "kennismaking" in step.reply.text
    assert journey_steps.checklist(svc, content, turn("j-verder", "onboarding_checklist")).reply is not None
    listed = said(journey_steps.checklist(svc, content, turn("j-verder", "onboarding_checklist")))
    assert "0 van 7" in listed  # nothing was skipped


@pytest.mark.parametrize("typed", ["ik wil verder met de stappen", "verder met de kennismaking graag",
                                   "go on with the steps"])
def test_going_on_with_the_journey_by_name_goes_on(svc: kernel.Services, content: Content, typed: str) -> None:
    """qa10: "ik wil verder met de stappen" asked "Wilt u verder ...?". It shows the open step, and marks none done."""
    sender = "j-by-name-" + "-".join(typed.split()[:3])
    step = journey_steps.journey_step(svc, content, turn(sender, "onboarding_next", text=typed))
    assert step.reply is not None and step.reply.reply_name != "onboarding_confirm"
    assert step.slots.get(journey_slots.ACTIVE) is True and "Stap 1 van 7" in said(step)
    assert "0 van 7" in said(journey_steps.checklist(svc, content, turn(sender, "onboarding_checklist")))


def test_english_answers_to_the_preference_questions(svc: kernel.Services, content: Content) -> None:
    for slot, text in (("pref_channel", "phone"), ("pref_channel", "by letter please"), ("pref_times", "morning"),
                       ("pref_times", "in the evening"), ("pref_times", "afternoon")):
        assert journey_answers.preference_input(svc, content, turn("j-en-prefs"), slot, text).slots == \
            {slot: shared_names.RECEIVED}, text
    for text in ("skip", "I don't know", "no preference"):
        assert journey_answers.preference_input(svc, content, turn("j-en-prefs"), "pref_times", text).slots == \
            {"pref_times": shared_names.SKIP}, text


@pytest.mark.parametrize("text", ["ik snap het niet", "Ik begrijp het niet", "wat bedoelt u?", "I don't understand"])
def test_not_understanding_a_preference_question_is_not_an_answer(svc: kernel.Services, content: Content,
                                                                  text: str) -> None:
    for slot in ("pref_channel", "pref_language"):  # "niet" is not "nee"
        step = journey_answers.preference_input(svc, content, turn("j-unclear"), slot, text)
        assert step.slots == {slot: None} and step.reply is not None
        assert step.reply.reply_name == "onboarding_help_question"


def test_stop_no_or_not_understood_while_the_journey_is_open(content: Content) -> None:
    active, offered = {journey_slots.ACTIVE: True}, {journey_slots.OFFERED: True}
    for slots, text in ((active, "stop"), (active, "laat maar"), (offered, "nee"), (offered, "Nee, bedankt"),
                        (active, "no thanks")):
        step = journey_steps.not_understood(content, turn("j-open", "deny", text, slots=slots))
        assert step is not None and step.reply is not None and step.reply.reply_name == "onboarding_paused", text
        assert step.slots[journey_slots.OFFERED] is False and step.slots[journey_slots.DECLINED] is True
        assert step.slots[journey_slots.ACTIVE] is False
    helped = journey_steps.not_understood(content, turn("j-open", "deny", "ik snap het niet", slots=active))
    assert helped is not None and helped.reply is not None and helped.reply.reply_name == "onboarding_help"
    assert "/onboarding_next" in [b.payload for b in helped.reply.buttons] and not helped.slots
    declined = {**offered, journey_slots.DECLINED: True}
    assert journey_steps.not_understood(content, turn("j-open", "deny", "nee", slots=declined)) is None
    assert journey_steps.not_understood(content, turn("j-open", "deny", "stop")) is None  # nothing open
    assert journey_steps.not_understood(content, turn("j-open", "deny", "iets anders", slots=active)) is None


def test_a_question_of_their_own_in_the_journeys_questions(svc: kernel.Services, content: Content) -> None:
    for slot in ("pref_channel", "pref_money"):
        step = journey_answers.preference_input(svc, content, turn("j-own-q"), slot, "wat is mijn huur?")
        assert step.slots == {slot: None} and step.reply is not None
        assert step.reply.reply_name == "onboarding_question_in_form"  # not "Dat antwoord begrijp ik niet"
    score = journey_answers.feedback_input(svc, content, turn("j-own-q"), "feedback_score", "hoe meld ik een lekkage?")
    assert score.reply is not None and score.reply.reply_name == "onboarding_question_in_form"
    assert journey_answers.preference_input(svc, content, turn("j-own-q"), "pref_channel", "duif").reply is not None


@pytest.mark.parametrize("typed", ["overslaan", "Overslaan.", "liever niet", "skip"])
def test_skip_typed_in_the_journey_is_the_next_step(svc: kernel.Services, content: Content, typed: str) -> None:
    sender = f"j-skip-{typed}"
    ahead = {journey_slots.ACTIVE: True}
    journey_steps.journey_step(svc, content, turn(sender, "start_onboarding"))
    step = journey_steps.journey_step(svc, content, turn(sender, "nlu_fallback", typed, slots=ahead))
    assert "Stap 2 van 7" in said(step)
    outside = journey_steps.journey_step(svc, content, turn(sender, "nlu_fallback", typed))
    assert "Stap 2 van 7" in said(outside)  # outside the journey it only shows the open step
    assert not journey_steps.skips_step(turn(sender, "nlu_fallback", "overslaan"))


def test_a_tenant_who_began_is_offered_to_go_on_where_they_were(svc: kernel.Services, content: Content,
                                                                engine: Engine) -> None:
    with Session(engine, future=True) as session:
        rows = session.execute(select(t.contracts.c.contract_number, t.contracts.c.start_date)).all()
    contract = [n for n, start in rows if ob.is_new_tenant(start, NOW.date())][-1]  # used by no other test
    first = verify(svc, content, "j-began-1", holder(engine, contract), pending="verify_identity")
    assert "Zullen we samen de eerste stappen doorlopen?" in said(first)
    for _ in range(2):
        journey_steps.journey_step(svc, content, turn("j-began-1", "onboarding_next",
                                                      slots={journey_slots.ACTIVE: True}))
    later = verify(svc, content, "j-began-2", holder(engine, contract), pending="verify_identity")
    assert "Welkom terug" in said(later) and "U was bij stap 3 van 7" in said(later)
    assert "eerste stappen doorlopen" not in said(later)
    assert later.reply is not None and "/start_onboarding" in [b.payload for b in later.reply.buttons]


def test_the_checklist_does_not_start_the_journey(svc: kernel.Services, content: Content) -> None:
    """QA, session 15: "wat moet ik doen?" after the heating answer showed the checklist (0 of 7) and
    from then on every answer ended with "Zullen we verdergaan met de kennismaking?". The list informs;
    its button starts the journey, and an open journey stays open."""
    listed = journey_steps.checklist(svc, content, turn("j-list-only", "onboarding_checklist"))
    assert listed.reply is not None and "0 van 7" in listed.reply.text
    assert [b.payload for b in listed.reply.buttons] == ["/start_onboarding"]
    assert not listed.slots.get(journey_slots.ACTIVE)
    going = journey_steps.checklist(svc, content, turn("j-list-only", "onboarding_checklist",
                                                       slots={journey_slots.ACTIVE: True}))
    assert journey_slots.ACTIVE not in going.slots  # stays as it was: open


@pytest.mark.parametrize("text", ["no", "No thank you.", "nee dank u wel", "Neen, bedankt!", "nee", "niets",
                                  "nee, klaar", "nothing", "Nee, bedankt"])
def test_any_no_to_the_closing_comment_is_no_comment(svc: kernel.Services, content: Content, text: str) -> None:
    """Review, session 14: the comment question had its own list of no's beside journey_words' one;
    "no thank you", "nee dank u wel" and a bare "no" were stored as the tenant's comment."""
    step = journey_answers.feedback_input(svc, content, turn("j-no-comment"), "feedback_comment", text)
    assert step.slots == {"feedback_comment": "-"}


def test_a_comment_that_starts_with_no_is_kept(svc: kernel.Services, content: Content) -> None:
    text = "Nee, maar de sleuteloverdracht ging te snel."
    step = journey_answers.feedback_input(svc, content, turn("j-no-but"), "feedback_comment", text)
    assert step.slots == {"feedback_comment": text}
