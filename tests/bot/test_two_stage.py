"""Two-stage dense classification: a sparse-only regression answers the messages it is sure of, and only
the others are encoded and answered by the sparse+dense regression; the gate uses `dense_threshold` only
for the dense stage; without dense features the classifier is the stock sparse one."""

from __future__ import annotations

from pathlib import Path
from typing import Any, List, Optional

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.typing import NDArray
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot.nlu.classifier as classifier_module
from bot.nlu.classifier import STAGE, SafeLogisticRegressionClassifier
from bot.nlu.focus_tokenizer import FocusTokenizer
from bot.nlu.gate import UnderstandingGate
from bot.nlu.sentence_encoder import ON_DEMAND, SentenceEncoderFeaturizer, encode_on_demand

# sparse [1, 0] is "a", [0, 1] is "b": sure; [1, 1] is unsure between them, the dense part decides
SURE, UNSURE = [1.0, 0.0], [1.0, 1.0]


def example(sparse: List[float], dense: Optional[List[float]], intent: Optional[str] = None) -> Message:
    message = Message(data={TEXT: "x", **({INTENT: intent} if intent else {})})
    message.add_features(Features(sp.coo_matrix([sparse]), FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    if dense is not None:
        message.add_features(Features(np.array([dense]), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return message


def training(dense: bool) -> TrainingData:
    rows = [([1.0, 0.0], [1.0, 0.0], "a"), ([0.0, 1.0], [0.0, 1.0], "b"), ([1.0, 1.0], [1.0, 0.1], "a"),
            ([1.0, 1.0], [0.1, 1.0], "b")]
    return TrainingData([example(s, d if dense else None, i) for s, d, i in rows * 5])


def trained(tmp_path: Path, dense: bool = True, **config: Any) -> SafeLogisticRegressionClassifier:
    merged = {**SafeLogisticRegressionClassifier.get_default_config(), "normalize": True, "C": 100.0, **config}
    storage = LocalModelStorage(tmp_path)
    ctx = ExecutionContext(GraphSchema({}), "test", node_name="clf")
    SafeLogisticRegressionClassifier.create(merged, storage, Resource("clf"), ctx).train(training(dense))
    loaded = SafeLogisticRegressionClassifier.load(merged, storage, Resource("clf"), ctx)
    assert isinstance(loaded, SafeLogisticRegressionClassifier)
    return loaded


class CountingEncoder:
    """Stands in for encode_on_demand: the message's dense vector is known in advance, calls are counted."""

    def __init__(self, vector: List[float]) -> None:
        self.vector = np.array([vector], dtype=np.float32)
        self.calls = 0

    def __call__(self, message: Message) -> NDArray[np.float32]:
        self.calls += 1
        message.add_features(Features(self.vector, FEATURE_TYPE_SENTENCE, TEXT, "dense"))
        return self.vector


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> CountingEncoder:
    fake = CountingEncoder([0.1, 1.0])
    monkeypatch.setattr(classifier_module, "encode_on_demand", fake)
    return fake


def test_a_sure_sparse_parse_does_not_encode(tmp_path: Path, counting: CountingEncoder) -> None:
    message = example(SURE, None)
    trained(tmp_path, dense_below=0.9).process([message])
    assert counting.calls == 0
    assert message.get(STAGE) == "sparse"
    assert message.get(INTENT)["name"] == "a" and message.get(INTENT)["confidence"] >= 0.9


def test_an_unsure_sparse_parse_is_encoded_and_answered_by_the_dense_stage(tmp_path: Path,
                                                                           counting: CountingEncoder) -> None:
    message = example(UNSURE, None)
    trained(tmp_path, dense_below=0.9).process([message])
    assert counting.calls == 1
    assert message.get(STAGE) == "dense"
    assert message.get(INTENT)["name"] == "b"  # the dense vector [0.1, 1.0] decides


def test_one_stage_dense_encodes_every_message(tmp_path: Path, counting: CountingEncoder) -> None:
    message = example(SURE, None)
    trained(tmp_path).process([message])
    assert counting.calls == 1 and message.get(STAGE) == "dense"


def test_the_dense_stage_gives_the_regressions_own_probabilities(tmp_path: Path) -> None:
    clf = trained(tmp_path)
    message = example(UNSURE, [0.3, 0.7])
    expected = clf.clf.predict_proba(clf._create_X([message]))[0]
    clf.process([message])
    got = {r["name"]: r["confidence"] for r in message.get(INTENT_RANKING_KEY)}
    assert np.allclose([got[name] for name in clf.clf.classes_], expected)


def test_the_dense_stage_mixes_in_the_sparse_stages_probabilities(tmp_path: Path, counting: CountingEncoder) -> None:
    """docs/nlu.md, "Long letters and the dev set's fallbacks": the dense regression alone was less sure of
    the same intent than the sparse stage on many unsure messages; `stage_mix` is the sparse stage's share."""
    clf = trained(tmp_path, dense_below=0.9, stage_mix=0.5)
    message = example(UNSURE, None)
    clf.process([message])
    assert message.get(STAGE) == "dense"
    sparse = clf.sparse_stage.predict_proba(clf._sparse_X([message]))[0] if clf.sparse_stage else None
    dense = clf.clf.predict_proba(clf._create_X([message]))[0]
    assert sparse is not None
    got = {r["name"]: r["confidence"] for r in message.get(INTENT_RANKING_KEY)}
    assert np.allclose([got[name] for name in clf.clf.classes_], 0.5 * sparse + 0.5 * dense)
    assert not np.allclose(sparse, dense)  # else the test could not tell a mix from either stage


def test_without_stage_mix_the_dense_stage_answers_alone(tmp_path: Path, counting: CountingEncoder) -> None:
    clf = trained(tmp_path, dense_below=0.9)
    message = example(UNSURE, None)
    clf.process([message])
    dense = clf.clf.predict_proba(clf._create_X([message]))[0]
    got = {r["name"]: r["confidence"] for r in message.get(INTENT_RANKING_KEY)}
    assert np.allclose([got[name] for name in clf.clf.classes_], dense)


def test_without_dense_features_the_classifier_is_the_stock_sparse_one(tmp_path: Path,
                                                                       counting: CountingEncoder) -> None:
    clf = trained(tmp_path, dense=False, dense_below=0.9)
    assert clf.sparse_stage is None and clf.split is None
    for sparse in (SURE, UNSURE, [0.0, 3.0]):
        ours, stock = example(sparse, None), example(sparse, None)
        clf.process([ours])
        LogisticRegressionClassifier.process(clf, [stock])
        assert ours.get(STAGE) is None
        assert ours.get(INTENT_RANKING_KEY) == stock.get(INTENT_RANKING_KEY)
    assert counting.calls == 0


def gate(threshold: float, dense_threshold: float) -> UnderstandingGate:
    config = {**UnderstandingGate.get_default_config(), "threshold": threshold, "dense_threshold": dense_threshold,
              "use_repair_table": False}
    return UnderstandingGate(config)


@pytest.mark.parametrize("stage, intent", [("sparse", "pets"), ("dense", "nlu_fallback")])
def test_the_gate_uses_the_threshold_of_the_stage_that_answered(stage: str, intent: str) -> None:
    # dense features present in both cases (a featurizer that is not on demand): the stage decides
    message = example(SURE, [1.0, 0.0])
    message.set(TEXT, "mag ik een kat houden?")
    message.set(INTENT_RANKING_KEY, [{"name": "pets", "confidence": 0.6}, {"name": "nuisance", "confidence": 0.3}])
    message.set(STAGE, stage)
    assert gate(0.5, 0.7).process([message])[0].get(INTENT)["name"] == intent


def test_an_on_demand_featurizer_encodes_only_when_asked() -> None:
    config = {**SentenceEncoderFeaturizer.get_default_config(), "on_demand": True}
    featurizer = SentenceEncoderFeaturizer(config, "dense")
    message, direct = Message(data={TEXT: "Wie repareert de kraan?"}), Message(data={TEXT: "Wie repareert de kraan?"})
    FocusTokenizer(FocusTokenizer.get_default_config()).process([message, direct])
    featurizer.process([message])
    assert message.get_dense_features(TEXT)[1] is None and message.get(ON_DEMAND)
    vector = encode_on_demand(message)
    SentenceEncoderFeaturizer({**config, "on_demand": False}, "dense").process([direct])
    expected = direct.get_dense_features(TEXT)[1]
    assert vector is not None and expected is not None
    assert np.allclose(vector, expected.features)
    assert message.get_dense_features(TEXT)[1] is not None


def test_an_on_demand_featurizer_loads_the_encoder_at_its_first_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """The server's warm-up parses a confident message: the weights must load then, not when the first
    tenant sends a message the sparse stage is unsure of."""
    import bot.nlu.sentence_encoder as sentence_encoder

    monkeypatch.setattr(sentence_encoder, "_encoders", {})
    config = {**SentenceEncoderFeaturizer.get_default_config(), "on_demand": True}
    message = Message(data={TEXT: "Hallo"})
    FocusTokenizer(FocusTokenizer.get_default_config()).process([message])
    SentenceEncoderFeaturizer(config, "dense").process([message])
    assert 1 in sentence_encoder._encoders and message.get_dense_features(TEXT)[1] is None
