"""Ending the tenancy read as paying the rent: "Ik heb een huis gekocht, hoe zeg ik mijn huur op?" got how to pay the
rent (QA, session 21; the verb split, "zeg ... op", and the house bought beside it). A message the classifier put
under paying the rent that says the rent or contract is ended (opzeggen, "zeg ... huur op", "huur stoppen") is
about moving out. An NLU example for it moved an out-of-scope item of blind2 to a topic (session 22)."""

from __future__ import annotations

import re

from huurwijzer.content.repair_matching import normalise
from huurwijzer.conversation.understanding import Decision

RENT_PAYMENT, MOVE_OUT = "rent_payment", "move_out"
# Said by the tenant ("zeg ik ... op", "ik wil ... opzeggen"), not the landlord ending it ("zeggen jullie mijn huur op
# als ik niet betaal?": arrears).
_THING = r"(huur|huurcontract|contract|woning)"
_ENDS_THE_RENT = re.compile(
    rf"\b{_THING} opzeggen\b|\bopzegg(en|ing) (van )?((de|mijn|het|ons|onze) )?{_THING}\b"
    rf"|\b(zeg (ik|we|wij)|(ik|we|wij) zeg\w*) (\w+ ){{0,2}}{_THING} op\b"
    r"|\b(wil|willen|ga|gaan) (\w+ ){0,5}opzeggen\b"
    # "stoppen we met huren", "met de huur stoppen"; not "stoppen met de huur betalen" (withholding the rent)
    r"|\bstopp?en (\w+ ){0,2}met (de )?(huur|huren)\b(?! (te )?betal)"
    r"|\bmet (de )?(huur|huren) stoppen\b|\bhuur stoppen\b"
    r"|\b(end|terminate|cancel) (my|our) (rent|tenancy|lease|rental)\b")


def ends_the_rent(text: str) -> bool:
    return _ENDS_THE_RENT.search(normalise(text)) is not None


def ending_first(decided: Decision, text: str, threshold: float) -> Decision:
    """Paying the rent becomes moving out when the message says the rent is ended."""
    if decided.intent != RENT_PAYMENT or not ends_the_rent(text):
        return decided
    return Decision(MOVE_OUT, max(threshold, decided.confidence), "ends_the_rent")
