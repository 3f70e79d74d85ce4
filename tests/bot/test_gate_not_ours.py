"""Through the live gate (bot.nlu.gate): a message naming a subject staff listed as not ours
(knowledge/niet-van-ons/) is out of scope, also when the classifier leaned to a topic or would fall back."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.gate import UnderstandingGate
from huurwijzer.conversation.shared_names import NOT_OURS_SUBJECT_KEY
from tests.bot.test_gate_second_thoughts import decided


def parsed(text: str, *ranking: tuple[str, float]) -> Dict[str, Any]:
    """What the gate adds to the parse result the Rasa server gives to the action server (its output keys)."""
    config: Dict[str, Any] = {**UnderstandingGate.get_default_config(), "threshold": 0.55}
    gate = UnderstandingGate.create(config, None, Resource("gate"),  # type: ignore[arg-type]
                                    ExecutionContext(GraphSchema({}), "test", node_name="gate"))
    ranked: List[Dict[str, Any]] = [{"name": n, "confidence": c} for n, c in ranking]
    return dict(gate.process([Message(data={TEXT: text, INTENT_RANKING_KEY: ranked})])[0].as_dict(
        only_output_properties=True))


def test_a_mortgage_question_read_as_rent_is_out_of_scope() -> None:
    assert decided("Hoeveel hypotheek kan ik krijgen met mijn inkomen?", ("rent_payment", 0.7),
                   ("out_of_scope", 0.2)) == "out_of_scope"


def test_a_private_landlord_the_classifier_doubted_is_out_of_scope() -> None:
    assert decided("Mijn particuliere verhuurder wil de borg niet terugbetalen", ("move_out", 0.4),
                   ("complaint", 0.3)) == "out_of_scope"


def test_our_own_question_with_an_exception_keeps_its_topic() -> None:
    assert decided("Kan ik mijn huurwoning kopen van jullie?", ("rent_payment", 0.7),
                   ("out_of_scope", 0.2)) == "rent_payment"


def test_the_parse_result_names_the_subject_the_gate_matched() -> None:
    """The reply is that subject's answer: the action server does not match the text again."""
    mortgage = parsed("Hoeveel hypotheek kan ik krijgen met mijn inkomen?", ("rent_payment", 0.7),
                      ("out_of_scope", 0.2))
    assert mortgage[NOT_OURS_SUBJECT_KEY] == "hypotheek-huis-kopen"
    assert parsed("Mijn zorgverzekeraar vergoedt mijn bril niet", ("out_of_scope", 0.8),
                  ("complaint", 0.1))[NOT_OURS_SUBJECT_KEY] == "zorg-en-gezondheid"
    assert NOT_OURS_SUBJECT_KEY not in parsed("Kan ik mijn huurwoning kopen van jullie?", ("rent_payment", 0.7),
                                              ("out_of_scope", 0.2))
