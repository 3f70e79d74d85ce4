"""The not-ours list, second pass (session 22, oos8): an energy contract or bill of one's own supplier, shops and
webshops, movers and furniture, the vet and animal welfare, school and childcare, traffic and parking fines, a
holiday home, another provider's student room, a civil dispute with the neighbours; and wider words for the
first eleven (an employer, Flemish words, English). Their own questions are not ours; our own questions that
share their words keep the classifier's reading (knowledge/niet-van-ons/, `behalve`)."""

from __future__ import annotations

from typing import Any

import pytest

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.conversation.basic_reply_turn import reply_to_basic_intent
from huurwijzer.conversation.gate_decision import gate_decision
from tests.huurwijzer.support import turn

NOT_OURS = [
    ("Mijn energierekening is veel hoger dan vorig jaar, klopt dat wel?", "energie-contract-en-rekening"),
    ("Eneco wil mijn termijnbedrag verhogen, mag dat?", "energie-contract-en-rekening"),
    ("Hoe vraag ik de energietoeslag aan?", "energie-contract-en-rekening"),
    ("My energy bill is too high, what can I do?", "energie-contract-en-rekening"),
    ("Mijn pakketje is niet bezorgd door PostNL, wat nu?", "winkel-en-webshop"),
    ("De webshop stuurt mijn geld niet terug", "winkel-en-webshop"),
    ("I ordered something online and the parcel never arrived", "winkel-en-webshop"),
    ("Welk verhuisbedrijf raden jullie aan?", "verhuisbedrijf-en-meubels"),
    ("Waar kan ik goedkoop een verhuisbus huren?", "verhuisbedrijf-en-meubels"),
    ("Can you recommend a moving company?", "verhuisbedrijf-en-meubels"),
    ("Mijn kat is ziek, welke dierenarts is er in de buurt?", "dierenarts-en-dierenwelzijn"),
    ("Mijn hond is weggelopen, waar meld ik dat?", "dierenarts-en-dierenwelzijn"),
    ("Where can I find a vet for my cat?", "dierenarts-en-dierenwelzijn"),
    ("Hoe schrijf ik mijn kind in op een basisschool?", "school-en-kinderopvang"),
    ("Wanneer krijg ik mijn studiefinanciering van DUO?", "school-en-kinderopvang"),
    ("Is there a primary school near my home?", "school-en-kinderopvang"),
    ("Ik heb een parkeerboete gekregen maar ik stond goed", "verkeer-en-parkeerboetes"),
    ("Mijn auto is weggesleept door de gemeente, wat nu?", "verkeer-en-parkeerboetes"),
    ("I got a parking ticket, how do I appeal?", "verkeer-en-parkeerboetes"),
    ("Ik heb een vakantiehuis gehuurd maar het was vies, krijg ik geld terug?", "vakantiewoning"),
    ("We booked a holiday home and the owner cancelled", "vakantiewoning"),
    ("Mijn kotbaas geeft mijn waarborg niet terug", "studentenhuisvesting"),
    ("I rent a student room from SSH, who repairs the window?", "studentenhuisvesting"),
    ("Mijn buurman heeft geld geleend en betaalt het niet terug", "geschil-met-buren"),
    ("Kan ik mijn buurvrouw aanklagen voor laster?", "geschil-met-buren"),
    ("Ik ben ontslagen, wat zijn mijn rechten?", "werk-en-uitkering"),
    ("Mijn baas betaalt mijn salaris niet op tijd", "werk-en-uitkering"),
    ("Ik ben ingeschreven als kandidaat-huurder, wanneer krijg ik een woning?", "woning-zoeken"),
    ("Mijn privé verhuurder wil de huur verdubbelen", "particuliere-verhuurder"),
    ("Telenet storing, geen tv en geen wifi", "internet-tv-telefoon"),
    ("Wanneer betaalt het groeipakket uit?", "belasting-en-toeslagen"),
    ("Hoeveel woonkrediet kan ik krijgen?", "hypotheek-huis-kopen"),
    ("Mijn ziekenfonds betaalt de bril niet terug", "zorg-en-gezondheid"),
    ("Het verkeerslicht op de kruising is kapot", "openbare-ruimte"),
]

OURS = [
    ("We hebben blokverwarming, waarom is mijn energierekening zo hoog?", "energy_supplier"),
    ("Mijn energierekening is hoog door de tocht bij de ramen", "repair_responsibility"),
    ("My energy bill is high because the windows are single glazed", "repair_responsibility"),
    ("Ik kan mijn huur en energierekening niet betalen, kan ik een betalingsregeling krijgen?", "rent_payment"),
    ("De energieprijzen zijn gestegen, wordt mijn voorschot servicekosten hoger?", "service_costs"),
    ("Ik heb zonnepanelen van jullie, hoe zit het met salderen?", "home_modification"),
    ("PostNL kan niet aanbellen, de deurbel doet het niet", "report_repair"),
    ("Welk pakket van het serviceabonnement heb ik?", "service_subscription"),
    ("Mag ik mijn meubels achterlaten voor de nieuwe huurder?", "move_out"),
    ("De verhuizers hebben de lift beschadigd, wat nu?", "complaint"),
    ("Kan ik de verhuisbus bij de eindinspectie voor de deur zetten?", "move_out"),
    ("Ik wil een IKEA keuken plaatsen, mag dat?", "home_modification"),
    ("Mag ik een kattenluik in de achterdeur maken? Mijn dierenarts raadt het aan", "home_modification"),
    ("De hond van de buren blaft de hele dag, de dierenbescherming doet niets", "nuisance"),
    ("Mag ik een hond houden? Ik heb al een dierenverzekering", "pets"),
    ("Kan de dierenambulance de dode duif op mijn balkon weghalen?", "garbage"),
    ("Mijn kind gaat naar een andere basisschool, kan ik een woningruil doen?", "home_swap"),
    ("Ik krijg studiefinanciering, kan ik huurtoeslag krijgen?", "huurtoeslag"),
    ("De kinderopvang zit in ons gebouw en maakt veel lawaai, wat kan ik doen?", "nuisance"),
    ("Mag ik als gastouder kinderen opvangen in mijn huurwoning?", "home_modification"),
    ("Iemand staat op mijn parkeerplaats, krijgt die een bekeuring?", "parking"),
    ("Mijn auto is weggesleept van mijn gehuurde parkeerplaats", "parking"),
    ("Mag ik mijn woning als vakantiewoning verhuren aan toeristen?", "subletting"),
    ("Mijn buurman verhuurt zijn woning als vakantiewoning, dat is toch woonfraude?", "subletting"),
    ("Ik woon in een studentenkamer, kan ik huurtoeslag krijgen?", "huurtoeslag"),
    ("Ik huur een studentenkamer van jullie, de douche lekt", "report_repair"),
    ("Mijn fiets is gestolen uit de fietsenstalling, het slot is kapot", "report_repair"),
    ("Mijn buurman heeft geld geleend en maakt nu elke nacht lawaai", "nuisance"),
    ("Ik ben ontslagen en kan de huur niet betalen", "rent_payment"),
    ("I lost my job and can't pay the rent", "rent_payment"),
    ("Ik heb een particuliere woning gevonden, hoe zeg ik mijn huur op?", "move_out"),
    ("Mijn dochter is kandidaat-huurder, mag zij bij mij inwonen?", "subletting"),
    ("Telenet heeft een kastje op de gevel gehangen zonder toestemming", "home_modification"),
    ("Ik kreeg een brief van de gemeente over rioolheffing, zit dat in de servicekosten?", "service_costs"),
]


def _decided(content: Content, text: str, intent: str) -> tuple[str, str | None]:
    ranking = [{"name": intent, "confidence": 0.6}, {"name": "out_of_scope", "confidence": 0.4}]
    decided = gate_decision(text, ranking, content.repairs, content.emergencies, 0.5, None, content.not_ours)
    return decided.intent, decided.subject


@pytest.mark.parametrize(("text", "subject"), NOT_OURS)
def test_the_subjects_own_questions_are_not_ours(content: Content, text: str, subject: str) -> None:
    assert _decided(content, text, "rent_payment") == ("out_of_scope", subject)


@pytest.mark.parametrize(("text", "intent"), OURS)
def test_our_own_question_with_their_word_keeps_its_topic(content: Content, text: str, intent: str) -> None:
    assert _decided(content, text, intent)[0] == intent


def _reply_text(svc: kernel.Services, content: Content, sender: str, text: str, **extra: Any) -> str:
    decided = gate_decision(text, [{"name": "rent_payment", "confidence": 0.7}], content.repairs,
                            content.emergencies, 0.5, None, content.not_ours)
    outcome = reply_to_basic_intent(svc, content, turn(sender, decided.intent, text,
                                                        not_ours_subject=decided.subject, **extra))
    assert outcome.reply is not None and outcome.reply.metadata.topic == "out_of_scope"
    return outcome.reply.text


def test_a_new_subject_answers_where_to_go_instead(svc: kernel.Services, content: Content) -> None:
    text = _reply_text(svc, content, "oos8-1", "Ik huur een studentenkamer bij DUWO, de huur is te hoog")
    assert "stel uw vraag aan die verhuurder" in text and "{corporatie}" not in text


def test_a_new_subject_answers_in_english(svc: kernel.Services, content: Content) -> None:
    text = _reply_text(svc, content, "oos8-2", "I got a parking ticket, how do I appeal?", language=ENGLISH)
    assert "CJIB" in text and "municipality" in text
