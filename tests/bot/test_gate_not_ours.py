"""Through the live gate (bot.nlu.gate): a message naming a subject staff listed as not ours
(knowledge/niet-van-ons/) is out of scope, also when the classifier leaned to a topic or would fall back."""

from __future__ import annotations

from tests.bot.test_gate_second_thoughts import decided


def test_a_mortgage_question_read_as_rent_is_out_of_scope() -> None:
    assert decided("Hoeveel hypotheek kan ik krijgen met mijn inkomen?", ("rent_payment", 0.7),
                   ("out_of_scope", 0.2)) == "out_of_scope"


def test_a_private_landlord_the_classifier_doubted_is_out_of_scope() -> None:
    assert decided("Mijn particuliere verhuurder wil de borg niet terugbetalen", ("move_out", 0.4),
                   ("complaint", 0.3)) == "out_of_scope"


def test_our_own_question_with_an_exception_keeps_its_topic() -> None:
    assert decided("Kan ik mijn huurwoning kopen van jullie?", ("rent_payment", 0.7),
                   ("out_of_scope", 0.2)) == "rent_payment"
