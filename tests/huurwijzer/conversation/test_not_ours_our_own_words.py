"""Our own questions that use a word of a subject that is not ours (QA, session 21): a tenant who bought a house
and ends the tenancy, a mortgage adviser's landlord statement, a garden path, a home modification the doctor
asked for, a rent date that follows the pay day, a contractor who broke the cable, a daughter moving in. They
keep the classifier's reading (knowledge/niet-van-ons/, `behalve`); the subjects' own questions stay not ours."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.conversation.gate_decision import gate_decision

OURS = [
    ("I bought a house, how do I end my tenancy?", "move_out"),
    ("We bought a house. How much notice do I need to give?", "move_out"),
    ("Wij hebben een huis gekocht en willen per 1 maart de huur beëindigen", "move_out"),
    ("We hebben een koophuis, wanneer kunnen we stoppen met de huur?", "move_out"),
    ("We are buying a home and need to terminate the rental contract", "move_out"),
    ("Wanneer moet ik de sleutels inleveren als ik een koopwoning heb gekocht?", "move_out"),
    ("Mijn hypotheekadviseur vraagt om een verhuurdersverklaring, waar kan ik die aanvragen?", "my_rent"),
    ("My mortgage adviser needs a landlord statement from you", "my_rent"),
    ("De notaris wil weten of ik geen huurachterstand heb", "my_rent"),
    ("De makelaar van de buren heeft onze deur beschadigd", "nuisance"),
    ("De stoeptegels in onze achtertuin liggen scheef", "repair_responsibility"),
    ("Mijn huisarts zegt dat ik een aangepaste douche nodig heb, wat moet ik doen?", "home_modification"),
    ("De thuiszorg kan niet bij mijn bed komen, kan de drempel weg?", "home_modification"),
    ("Mijn fysiotherapeut zegt dat ik beugels in de badkamer nodig heb", "home_modification"),
    ("My GP says I need grab rails in the bathroom, can you put them in?", "home_modification"),
    ("Ik moet naar de huisarts op de dag van de reparatie, kan de afspraak verzet worden?", "report_repair"),
    ("Mijn werkgever betaalt pas op de 28e, kan ik de huurdatum verschuiven?", "rent_payment"),
    ("Ik krijg mijn uitkering van het UWV pas later, kan de incasso later?", "later_debit"),
    ("Ik verhuis voor mijn werkgever naar Groningen, hoe zeg ik op?", "move_out"),
    ("Geen internet meer sinds de renovatie, de werklui hebben de kabel kapot geboord", "complaint"),
    ("Mag Ziggo een kastje op de gevel hangen?", "home_modification"),
    ("Mag ik een wifi versterker op de galerij ophangen?", "home_modification"),
    ("Mijn dochter is woningzoekende, kan zij bij mij inwonen?", "subletting"),
    ("De belastingaangifte, kan ik een jaaroverzicht van mijn huur krijgen?", "my_rent"),
]

NOT_OURS = [
    "Hoeveel hypotheek kan ik krijgen met mijn inkomen?",
    "I want to buy a house, which mortgage should I take?",
    "De lantaarnpaal in mijn straat is kapot",
    "There is a pothole in my street",
    "Mijn zorgverzekering vergoedt de fysiotherapie niet",
    "Hoe vraag ik een WW uitkering aan?",
    "Mijn werkgever betaalt mijn loon niet",
    "Ziggo storing, geen tv",
    "Hoe lang is de wachttijd voor een woning?",
    "Hoe doe ik mijn belastingaangifte?",
]


def _decided(content: Content, text: str, intent: str) -> str:
    ranking = [{"name": intent, "confidence": 0.6}, {"name": "out_of_scope", "confidence": 0.4}]
    return gate_decision(text, ranking, content.repairs, content.emergencies, 0.5, None, content.not_ours).intent


@pytest.mark.parametrize(("text", "intent"), OURS)
def test_our_own_question_with_a_not_ours_word_keeps_its_topic(content: Content, text: str, intent: str) -> None:
    assert _decided(content, text, intent) == intent


@pytest.mark.parametrize("text", NOT_OURS)
def test_the_subjects_own_questions_stay_not_ours(content: Content, text: str) -> None:
    assert _decided(content, text, "rent_payment") == "out_of_scope"
