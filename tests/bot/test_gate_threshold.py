"""The NLU gate's threshold follows the features: `dense_threshold` for a message with dense sentence
features (the sentence encoder makes the classifier surer), `threshold` for one without, so the encoder
is switched on or off by one line of config.yml (docs/nlu.md, "Dense features with a topic gate")."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import numpy as np
import pytest
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.gate import UnderstandingGate


def gate(**config: Any) -> UnderstandingGate:
    merged: Dict[str, Any] = {**UnderstandingGate.get_default_config(), "use_repair_table": False, **config}
    created = UnderstandingGate.create(merged, None, Resource("gate"),  # type: ignore[arg-type]
                                       ExecutionContext(GraphSchema({}), "test", node_name="gate"))
    assert isinstance(created, UnderstandingGate)
    return created


def message(dense: bool) -> Message:
    found = Message(data={TEXT: "mag ik een kat houden?",
                          INTENT_RANKING_KEY: [{"name": "pets", "confidence": 0.6},
                                               {"name": "nuisance", "confidence": 0.3}]})
    found.add_features(Features(sp.coo_matrix([[1.0, 0.0]]), FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    if dense:
        found.add_features(Features(np.ones((1, 4)), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return found


@pytest.mark.parametrize("dense, dense_threshold, intent", [
    (False, 0.7, "pets"),  # no encoder in the pipeline: the sparse threshold 0.5
    (True, 0.7, "nlu_fallback"),  # the encoder's features: its own threshold 0.7
    (True, None, "pets"),  # no dense threshold configured: one threshold for all
])
def test_the_threshold_follows_the_features(dense: bool, dense_threshold: Optional[float], intent: str) -> None:
    parsed = gate(threshold=0.5, dense_threshold=dense_threshold).process([message(dense)])[0]
    assert parsed.get(INTENT)["name"] == intent


def test_the_misuse_marks_are_searched_only_when_the_ranking_holds_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The marks are a long pattern (1.6 ms on a letter, docs/performance.md "Long letters"); the gate
    needs them only to keep or drop a refusing intent in the ranking it shows."""
    import bot.nlu.gate as gate_module

    searched: List[str] = []

    def marks(text: str) -> bool:
        searched.append(text)
        return False

    monkeypatch.setattr(gate_module, "has_misuse_marks", marks)
    plain = gate(threshold=0.5).process([message(False)])[0]
    assert searched == [] and plain.get(INTENT)["name"] == "pets"
    with_refusal = message(False)
    with_refusal.set(INTENT_RANKING_KEY, [*with_refusal.get(INTENT_RANKING_KEY), {"name": "misuse", "confidence": 0.1}])
    shown = gate(threshold=0.5).process([with_refusal])[0]
    assert searched and "misuse" not in [r["name"] for r in shown.get(INTENT_RANKING_KEY)]
