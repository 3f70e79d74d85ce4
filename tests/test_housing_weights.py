"""Issue 15: an unsure housing answer whose words weigh, together, for something else falls back even when one word
is the topic's (huurwijzer.conversation.housing_weights, branch oos5). Own phrasings."""

from __future__ import annotations

from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.housing_evidence import build, live_housing_words
from huurwijzer.conversation.understanding import FALLBACK_INTENT

EXAMPLES = {
    "rent_payment": ["wanneer betaal ik de huur", "ik wil de huur betalen", "kan ik de huur per maand betalen",
                     "de huur van mijn woning"],
    "out_of_scope": ["hoe hoog is de hypotheek", "wat kost een hypotheek", "hypotheekrente omlaag", "wat is het weer",
                     "kan ik een huis kopen", "hypotheek afsluiten"],
}
MORTGAGE = "Hypotheek afsluiten of een huis kopen, wat kost dat per maand?"


def _ranking(top: str, confidence: float) -> list[dict[str, object]]:
    return [{"name": top, "confidence": confidence}, {"name": "out_of_scope", "confidence": 1.0 - confidence}]


def test_a_topic_word_among_words_of_elsewhere_falls_back() -> None:
    housing = build(EXAMPLES)
    assert not housing.by_topic["rent_payment"].isdisjoint({"per", "maand"})  # the topic's words alone let it pass
    assert gate_decision(MORTGAGE, _ranking("rent_payment", 0.6), None, None, 0.5, housing).intent == FALLBACK_INTENT
    assert gate_decision(MORTGAGE, _ranking("rent_payment", 0.6), None, None, 0.5, build(EXAMPLES, weighed=False)
                         ).intent == "rent_payment"


def test_housing_words_still_carry_an_unsure_answer() -> None:
    decision = gate_decision("Kan ik de huur van deze maand later betalen?", _ranking("rent_payment", 0.6), None, None,
                             0.5, build(EXAMPLES))
    assert (decision.intent, decision.reason) == ("rent_payment", "classifier")


def test_a_compound_weighs_as_its_known_parts() -> None:
    weights = build(EXAMPLES).weights
    assert weights is not None
    assert weights.parts("maandhuur") == ("maand", "huur")
    assert weights.word_weight("maandhuur") == weights.word_weight("maand") + weights.word_weight("huur")
    assert weights.parts("hypotheeksweer") == ("hypotheek", "weer")  # a linking s
    assert weights.word_weight("zonnepanelen") == 0.0  # no known parts: no evidence either way


def test_the_training_data_weighs_housing_and_elsewhere() -> None:
    housing = live_housing_words()
    assert housing is not None and housing.weights is not None
    weight = housing.weights.word_weight
    assert weight("huur") > 1 and weight("kraan") > 0 and weight("huurachterstand") > 0
    assert weight("hypotheek") < 0 and weight("huisarts") < 0
