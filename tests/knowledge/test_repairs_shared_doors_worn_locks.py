"""Plain fixes of the who-repairs analysis from repairs11 (session 22), seen by repairs10 while writing its own
examples: asking who bears the cost with "opdraaien" split ("wie draait op voor ..."), a worn lock (the tenant's
lock, domain facts A7, not our front door whose search words only mention a lock), a door, lock, rail or light of a
shared space (ours, A8 and A11: the shared areas or their lighting, not the tenant's inner door, lock, stair rail or
lamp, nor the waste container), the lift's door (the lift), and a new row for the refuse chute of a flat (ours;
before, no object or the cistern). Texts written for this test; none is taken from an eval set."""

from __future__ import annotations

from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis


@pytest.mark.parametrize("text", [
    "wie draait op voor de reparatie van de kraan",
    "de kraan lekt, wie draait daarvoor op",
    "de kraan drupt, draai ik daarvoor op?",
    "de kraan drupt, wie moeten dat betalen",
])
def test_asks_who_bears_the_cost(analysed: Callable[[str], RepairAnalysis], text: str) -> None:
    analysis = analysed(text)
    assert analysis.asks_who and analysis.asks_directly


def test_the_central_heating_is_no_shared_space(analysed: Callable[[str], RepairAnalysis]) -> None:
    analysis = analysed("het lampje op de centrale verwarming knippert rood")
    assert analysis.object is None or analysis.object.id != "verlichting-algemeen"


def test_a_washing_machine_running_is_no_question(analysed: Callable[[str], RepairAnalysis]) -> None:
    assert not analysed("de wasmachine draait op volle toeren en lekt").asks_who


@pytest.mark.parametrize("text, object_id, party", [
    # a worn lock is the tenant's lock (A7), not the front door
    ("slot versleten", "slot", "huurder"),
    ("het slot is versleten, wie vervangt het", "slot", "huurder"),
    ("de cilinder is versleten", "slot", "huurder"),
    # wear still makes our object ours where the word names it (A8)
    ("de kraan is versleten", "kraan-vervangen", "verhuurder"),
    ("de wc is versleten", "wc-pot", "verhuurder"),
    # a door of a shared space is ours
    ("de deur van de containerruimte is kapot, wie repareert dat", "trappenhuis", "verhuurder"),
    ("de deur van de containerruimte sluit niet meer, wie maakt dat", "trappenhuis", "verhuurder"),
    ("de deur van de fietsenkelder is kapot", "trappenhuis", "verhuurder"),
    ("de deur van de gemeenschappelijke berging klemt", "trappenhuis", "verhuurder"),
    ("de deur van het trappenhuis sluit niet", "trappenhuis", "verhuurder"),
    ("de branddeur in de gang sluit niet meer", "trappenhuis", "verhuurder"),
    ("the door of the bin store is broken, who fixes it", "trappenhuis", "verhuurder"),
    # ... unless the tenant's household broke it (A13); the tenant's own doors stay the tenant's
    ("mijn zoon heeft de deur van de fietsenkelder kapot getrapt", "trappenhuis", "huurder"),
    ("de deur van mijn slaapkamer klemt", "binnendeur", "huurder"),
    ("de deur van de berging klemt", "binnendeur", "huurder"),
    # a lock, rail or light of a shared space is ours too; the lift's own door is the lift
    ("het slot van de fietsenkelder is kapot", "trappenhuis", "verhuurder"),
    ("het slot van de gemeenschappelijke berging is kapot, wie vervangt het", "trappenhuis", "verhuurder"),
    ("de leuning in het trappenhuis zit los, wie maakt dat", "trappenhuis", "verhuurder"),
    ("de deur naar de kelderboxen sluit niet", "trappenhuis", "verhuurder"),
    ("de lamp in de fietsenkelder is kapot", "verlichting-algemeen", "verhuurder"),
    ("de liftdeur sluit niet", "lift", "verhuurder"),
    # the tenant's own rail and a lost key of a shared space stay the tenant's (A7, A11)
    ("de leuning van mijn trap zit los", "trapleuning", "huurder"),
    ("ik ben mijn sleutel van de fietsenkelder kwijt", "sleutel", "huurder"),
    ("de lamp in de centrale hal is kapot", "verlichting-algemeen", "verhuurder"),
    # the refuse chute of a flat is ours (its own row), not the cistern nor unknown
    ("de afvalkoker is verstopt, wie lost dat op", "afvalkoker", "verhuurder"),
    ("de afvalkoker loopt niet door", "afvalkoker", "verhuurder"),
    ("het luikje van de vuilstortkoker is kapot", "afvalkoker", "verhuurder"),
    ("the rubbish chute is blocked, who fixes it", "afvalkoker", "verhuurder"),
    ("mijn zoon heeft een doos in de vuilstortkoker gegooid en nu zit hij verstopt", "afvalkoker", "huurder"),
])
def test_worn_lock_and_shared_doors(analysed: Callable[[str], RepairAnalysis], text: str, object_id: str,
                                    party: str) -> None:
    analysis = analysed(text)
    assert analysis.object is not None and (analysis.object.id, analysis.party) == (object_id, party)
