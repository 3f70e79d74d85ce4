"""bot.nlu.classifier at inference: one message's sparse row built directly is Rasa's combination of the
featurizers' rows (same values, indices, dtypes, before and after normalising) for every text we have,
and the vocabulary check that stops at the first known word gives the old answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import numpy as np
import pytest
from rasa.core.agent import Agent
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from sklearn.preprocessing import normalize

from bot import sentence_features
from bot.nlu import classifier
from bot.nlu.classifier import SafeLogisticRegressionClassifier
from bot.nlu.focus_tokenizer import FocusTokenizer
from tests.bot.test_count_rows import AWKWARD
from tests.bot.test_sentence_features import texts


@pytest.fixture(scope="module")
def parts(trained_model: Path) -> Dict[str, Any]:
    agent = Agent.load(str(trained_model))
    found: Dict[str, Any] = {"featurizers": []}
    for node in agent.processor.graph_runner._instantiated_nodes.values():  # type: ignore[union-attr]
        component = getattr(node, "_component", None)
        if isinstance(component, FocusTokenizer):
            found["tokenizer"] = component
        elif isinstance(component, CountVectorsFeaturizer):
            found["featurizers"].append(component)
        elif isinstance(component, SafeLogisticRegressionClassifier):
            found["classifier"] = component
    return found


def featurized(parts: Dict[str, Any], text: str, monkeypatch: pytest.MonkeyPatch) -> Message:
    """The message as the count featurizers leave it in the server (sentence rows only)."""
    monkeypatch.setattr(CountVectorsFeaturizer, "process",
                        sentence_features.sentence_features_only(CountVectorsFeaturizer.process))
    message = Message(data={TEXT: text})
    parts["tokenizer"].process([message])
    for featurizer in parts["featurizers"]:
        setattr(featurizer, sentence_features.MARK, True)
        featurizer.process([message])
    return message


def _same(a: Any, b: Any) -> None:
    assert (a.shape, a.dtype, a.indices.dtype, a.indptr.dtype) == (b.shape, b.dtype, b.indices.dtype, b.indptr.dtype)
    assert np.array_equal(a.indices, b.indices) and np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.data, b.data)


def _old_is_unknown(model: SafeLogisticRegressionClassifier, message: Message) -> bool:
    """The check as it was: every word gathered, then compared with the vocabulary."""
    if not str(message.get(TEXT) or "").strip():
        return True
    words = classifier._words(message)
    if words:
        return model.vocabulary is not None and not (words & model.vocabulary)
    return bool(model._sparse_part([message]).shape[1] == 0)


def test_one_message_row_is_rasas_combination(parts: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    model = parts["classifier"]
    unknown: List[bool] = []
    for text in [*texts(), *AWKWARD]:
        message = featurized(parts, text, monkeypatch)
        _same(model._sparse_row(message), model._sparse_part([message]))
        old = model._sparse_part([message])  # what _sparse_X read before
        _same(model._sparse_X([message]), normalize(old) if model.config["normalize"] and old.shape[1] else old)
        unknown.append(model._is_unknown(featurized(parts, text, monkeypatch)))
        assert unknown[-1] == _old_is_unknown(model, featurized(parts, text, monkeypatch))
    assert any(unknown) and not all(unknown)


def test_a_letter_is_read_without_rasas_feature_combination(parts: Dict[str, Any],
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Neither Rasa's combination (a deep copy and two scipy stacks) nor gathering every word of a
    letter: the sparse stage reads the rows directly and stops at the first known word."""
    from bench.latency import LETTERS

    message = featurized(parts, LETTERS[0], monkeypatch)

    def refused(*args: Any) -> Any:
        raise AssertionError("not needed for one message")

    monkeypatch.setattr(Message, "_combine_features", staticmethod(refused))
    monkeypatch.setattr(classifier, "_words", refused)
    assert parts["classifier"]._sparse_X([message]).shape[0] == 1
    assert parts["classifier"]._is_unknown(message) is False


def test_the_featurizers_clean_up_a_token_once(parts: Dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """A letter's tokens seen before are not cleaned up again (Rasa's _process_tokens ran a regular
    expression over every token of every message, twice)."""
    from bench.latency import LETTERS

    first = featurized(parts, LETTERS[0], monkeypatch)

    def refused(*args: Any) -> Any:
        raise AssertionError("cleaned up again")

    monkeypatch.setattr(CountVectorsFeaturizer, "_process_tokens", refused)
    again = featurized(parts, LETTERS[0], monkeypatch)
    _same(parts["classifier"]._sparse_part([again]), parts["classifier"]._sparse_part([first]))
