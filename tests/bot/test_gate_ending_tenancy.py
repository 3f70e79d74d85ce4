"""Ending the tenancy read as paying the rent (QA, session 21): "Ik heb een huis gekocht, hoe zeg ik mijn huur op?" got
how to pay the rent (rent_payment 0.58 on models/huurwijzer.tar.gz). Said by the tenant that the rent is ended, paying
the rent becomes moving out; paying the rent and the landlord ending it for arrears keep their reading. Every text
was written for this test."""

from __future__ import annotations

import pytest

from tests.bot.test_gate_second_thoughts import decided

READ_AS_PAYING = (("rent_payment", 0.58), ("move_out", 0.2), ("out_of_scope", 0.1))


@pytest.mark.parametrize("text", ["Ik heb een huis gekocht, hoe zeg ik mijn huur op?",
                                  "we willen de huur per 1 maart opzeggen",
                                  "opzegging van mijn huurcontract",
                                  "I bought a house, how do I end my tenancy?",
                                  "We hebben een koophuis, wanneer kunnen we stoppen met de huur?",
                                  "we willen stoppen met huren, wat moeten we doen?"])
def test_ending_the_rent_is_moving_out(text: str) -> None:
    assert decided(text, *READ_AS_PAYING) == "move_out"


@pytest.mark.parametrize("text", ["hoe betaal ik mijn huur?", "zeggen jullie mijn huur op als ik niet betaal?",
                                  "ik zeg mijn abonnement op, betaal ik dan minder huur?",
                                  "mag ik stoppen met de huur betalen tot de lekkage gemaakt is?"])
def test_paying_the_rent_stays(text: str) -> None:
    assert decided(text, *READ_AS_PAYING) == "rent_payment"


def test_another_reading_is_left_alone() -> None:
    assert decided("ik wil mijn garage opzeggen", ("garage", 0.7), ("move_out", 0.2)) == "garage"
