"""An English conversation gets the arrears (own and general), home, subscription and who-repairs
answers in English, through the SDK actions as Rasa calls them: the profile's wording from its
English twins in corporation.yml, the fixed texts from knowledge/languages.yml. Dutch stays the
default and is unchanged."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

import actions.actions as answer_actions
import actions.personal_actions as personal_actions
from huurwijzer.content.language import ENGLISH, PARSE_KEY
from huurwijzer.content.loader import Content, in_language
from huurwijzer.conversation import kernel
from huurwijzer.conversation.shared_names import PERSONAL_KEY
from huurwijzer.tenancy import schema as t
from tests.huurwijzer.support import NOW, OFFICE, holder, verify


def tracker(sender: str, intent: str, text: str, language: Optional[str] = ENGLISH) -> Tracker:
    latest: Dict[str, Any] = {"text": text, "intent": {"name": intent, "confidence": 0.9},
                              "intent_ranking": [{"name": intent, "confidence": 0.9}], "entities": []}
    if language:
        latest[PARSE_KEY] = language  # set by bot.nlu.language.LanguageDetector
    return Tracker(sender, {}, latest, [], False, None, {}, "")


def said(action: Any, trk: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, trk, {}))
    return [m for m in dispatcher.messages if m.get("text")]


def text_of(messages: List[Dict[str, Any]]) -> str:
    return "\n".join(str(m["text"]) for m in messages)


def contract_where(engine: Engine, arrears: bool, arrangement: bool) -> str:
    with Session(engine, future=True) as session:
        for number in session.execute(select(t.contracts.c.contract_number)).scalars():
            status = OFFICE.rent_status(session, number, NOW.date())
            running = OFFICE.payment_arrangement(session, number)
            if status is not None and (status.arrears > 0) == arrears \
                    and (running is not None and running.running) == arrangement \
                    and OFFICE.contract_holders(session, number):
                return str(number)
    raise AssertionError("no such contract in the seed")


def logged_in(svc: kernel.Services, content: Content, engine: Engine, sender: str, contract: str) -> None:
    verify(svc, in_language(content, ENGLISH), sender, holder(engine, contract), pending="verify_identity")


DUTCH_WORDING = ("Bel ons of stuur een bericht", "schuldhulp van uw gemeente. Dat is gratis", "Daarmee doen wij",
                 "de meeste kleine reparaties", "Aanmelden kan", "Uw woning", "Verwarming:", "Er staat nog")


def test_own_arrears_in_english(svc: kernel.Services, content: Content, engine: Engine) -> None:
    logged_in(svc, content, engine, "en-arrears", contract_where(engine, arrears=True, arrangement=False))
    messages = said(personal_actions.ActionPersonal(), tracker("en-arrears", "my_rent", "how much rent do I owe"))
    text = text_of(messages)
    assert "There is still" in text and "payment arrangement that fits what you can pay" in text
    assert "debt help (schuldhulp) of your municipality" in text
    assert not any(dutch in text for dutch in DUTCH_WORDING), text
    assert all(m.get(PERSONAL_KEY) for m in messages if "€" in m["text"])  # the amounts are marked personal


def test_own_arrears_with_an_arrangement_in_english(svc: kernel.Services, content: Content, engine: Engine) -> None:
    logged_in(svc, content, engine, "en-arrangement", contract_where(engine, arrears=True, arrangement=True))
    text = text_of(said(personal_actions.ActionPersonal(), tracker("en-arrangement", "my_rent", "what is my rent")))
    assert "You have a payment arrangement" in text and "a month, since" in text
    assert not any(dutch in text for dutch in DUTCH_WORDING), text


def test_home_and_subscription_in_english(svc: kernel.Services, content: Content, engine: Engine) -> None:
    logged_in(svc, content, engine, "en-home", contract_where(engine, arrears=False, arrangement=False))
    home = text_of(said(personal_actions.ActionPersonal(), tracker("en-home", "my_home", "tell me about my home")))
    assert "Your home:" in home and "Heating:" in home and "energy label" in home
    subscription = text_of(said(personal_actions.ActionPersonal(),
                                tracker("en-home", "my_subscription", "do I have the repair subscription")))
    assert "Klusjesabonnement" in subscription
    assert "most small repairs that the law leaves to the tenant" in subscription
    assert not any(dutch in home + subscription for dutch in DUTCH_WORDING), home + subscription


def test_a_verified_english_tenant_hears_their_own_situation_first_in_english(
        svc: kernel.Services, content: Content, engine: Engine) -> None:
    logged_in(svc, content, engine, "en-first", contract_where(engine, arrears=True, arrangement=False))
    text = text_of(said(answer_actions.ActionAnswerQuestion(),
                        tracker("en-first", "rent_payment", "I am behind with my rent, what can I do?")))
    assert "There is still" in text and "Your rent per month" not in text  # the status answers it (QA, session 19)
    assert not any(dutch in text for dutch in DUTCH_WORDING), text


def test_general_arrears_answer_in_english(svc: kernel.Services) -> None:
    text = text_of(said(answer_actions.ActionAnswerQuestion(),
                        tracker("en-general", "rent_payment", "I have rent arrears, what should I do?")))
    assert "Do you have rent arrears?" in text
    assert "payment arrangement that fits what you can pay" in text and "debt help (schuldhulp)" in text
    assert not any(dutch in text for dutch in DUTCH_WORDING), text


def test_who_repairs_in_english(svc: kernel.Services, content: Content) -> None:
    text = text_of(said(answer_actions.ActionAnswerQuestion(),
                        tracker("en-who", "repair_responsibility", "who has to fix a dripping tap?")))
    # The part's English name (name_en in knowledge/repairs.yml), not the Dutch one.
    assert "This is a job for you as the tenant (tap washer)" in text and "kraanleertje" not in text
    assert "This is what the law says" in text and "Klusjesabonnement" in text
    assert "Dit is een klus" not in text and "Zo staat het in de wet" not in text
    # The part's own English explanation (explanation_en in knowledge/repairs.yml), not the Dutch one.
    assert "Replacing a tap washer or another simple part of a tap is a small repair." in text
    assert "In Dutch" not in text and "Een kraanleertje" not in text
    dutch = text_of(said(answer_actions.ActionAnswerQuestion(),
                         tracker("nl-who", "repair_responsibility", "wie repareert een lekkende kraan?", None)))
    assert "Dit is een klus voor u als huurder (kraanleertje). Een kraanleertje" in dutch and "In Dutch" not in dutch


def test_a_parts_english_explanation_is_used_when_staff_wrote_one(content: Content) -> None:
    from huurwijzer.conversation.answering import object_texts

    tap = content.repairs.get("kraanleertje")
    assert tap is not None
    written = replace(tap, explanation_en="Replacing a tap washer is a small repair.", condition_en="Mind the water.",
                      condition="Let op het water.")
    texts = object_texts(in_language(content, ENGLISH), written)
    assert texts["uitleg"] == "Replacing a tap washer is a small repair." and texts["voorwaarde"] == "Mind the water."
    assert object_texts(content, written)["uitleg"] == tap.explanation  # Dutch is unchanged
    # Without an English text staff wrote, the Dutch one is said to be Dutch.
    unwritten = replace(tap, explanation_en="", condition_en="", condition="")
    assert object_texts(in_language(content, ENGLISH), unwritten)["uitleg"].startswith("(In Dutch: Een kraanleertje")


def test_a_parts_english_name_is_used_when_staff_wrote_one(content: Content) -> None:
    from huurwijzer.conversation.answering import object_texts

    tap = content.repairs.get("kraanleertje")
    assert tap is not None
    english = in_language(content, ENGLISH)
    named = replace(tap, name_en="washer in a tap")
    assert object_texts(english, named)["onderdeel"] == "washer in a tap"
    assert object_texts(content, named)["onderdeel"] == "kraanleertje"  # Dutch is unchanged
    # Without an English name staff wrote, the Dutch name as it is: no "(In Dutch: ...)" around a name.
    assert object_texts(english, replace(tap, name_en=""))["onderdeel"] == "kraanleertje"


def test_the_parts_to_choose_from_are_named_in_english(content: Content) -> None:
    """"Who repairs my tap?" fits several parts: an English tenant chooses among their English names."""
    from huurwijzer.conversation.answering import repair_choice

    english = repair_choice(in_language(content, ENGLISH), "who repairs my tap?", 0.8)
    titles = [b.title for b in english.buttons]
    assert "Tap washer" in titles and "Kraanleertje" not in titles
    dutch = repair_choice(content, "wie repareert mijn kraan?", 0.8)
    assert "Kraanleertje" in [b.title for b in dutch.buttons]
    assert '/repair_responsibility{"knowledge_id":"repair/kraanleertje"}' in [b.payload for b in english.buttons]


def test_the_subscription_answer_names_the_part_asked_about_in_english(content: Content) -> None:
    from huurwijzer.content.repairs import RepairMatch
    from huurwijzer.conversation.personal import subscription_reply
    from huurwijzer.conversation.reply import AnswerMetadata

    boiler = content.repairs.get("cv-ketel")
    assert boiler is not None and boiler.party == "verhuurder"
    meta = AnswerMetadata("service_subscription", 0.9)
    english = subscription_reply(in_language(content, ENGLISH), None, NOW.date(), RepairMatch(boiler, 1, False), meta)
    assert english.text.startswith("Central heating boiler: we repair this as your landlord anyway")
    dutch = subscription_reply(content, None, NOW.date(), RepairMatch(boiler, 1, False), meta)
    assert dutch.text.startswith("Cv-ketel repareren wij als verhuurder toch al")


def test_a_part_the_subscription_would_cover_is_named_to_a_tenant_without_it(content: Content) -> None:
    """'valt mijn kraanleertje onder het abonnement?' without the subscription: say it would be covered
    and that the tenant pays now (the answer only described the subscription)."""
    from huurwijzer.content.repairs import RepairMatch
    from huurwijzer.conversation.personal import subscription_reply
    from huurwijzer.conversation.reply import AnswerMetadata

    washer = content.repairs.get("kraanleertje")
    assert washer is not None and washer.subscription and washer.party == "huurder"
    meta = AnswerMetadata("service_subscription", 0.9)
    dutch = subscription_reply(content, None, NOW.date(), RepairMatch(washer, 1, False), meta)
    assert dutch.text.startswith("Kraanleertje valt onder het abonnement. U heeft het abonnement nu niet")
    assert "Aanmelden kan" in dutch.text
    english = subscription_reply(in_language(content, ENGLISH), None, NOW.date(), RepairMatch(washer, 1, False), meta)
    assert english.text.startswith("Tap washer is covered by the subscription. You do not have the subscription now")
