"""Logistic-regression intent classifier with two guards the stock one lacks.

1. An empty or whitespace-only message has no (or all-zero) features; Rasa's
   LogisticRegressionClassifier raises on it or picks a class at random-looking confidence.
2. Gibberish ("sdkjfh qwpoe") has no word the assistant was trained on, yet a classifier must
   pick some class and picks one with confidence (small talk, measured 0.3-0.7).
In both cases the message gets no intent at confidence 0, so the FallbackClassifier turns it
into nlu_fallback and the assistant asks what the user means.

It keeps the weights in the memory layout the per-message product reads: scikit-learn computes
X @ coef_.T, and with coef_ stored row by row scipy first copied the whole weight matrix on every
message (the classifier's largest cost in a profile; docs/performance.md). Same numbers, no copy.

It also exposes what the stock component hard-codes (measured in docs/nlu.md): feature rows are
L2-normalised, so a long message is not more confident just for being long; C and class
weighting are configurable.

Dense sentence features (bot.nlu.sentence_encoder) are read beside the sparse ones, as the stock
component does, but each part is normalised on its own and the dense part then scaled by
`dense_weight`: normalised together, a few hundred n-gram counts would drown the 512 dense values.
Without dense features the matrix is exactly the sparse one.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Set

import numpy as np
from numpy.typing import NDArray
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack, vstack
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize

VOCABULARY_FILE = "vocabulary.json"


def _words(message: Message) -> Set[str]:
    words = set()
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        for form in (token.text, token.lemma):
            if form and any(ch.isalnum() for ch in form):
                words.add(form.lower())
    return words


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafeLogisticRegressionClassifier(LogisticRegressionClassifier):
    def __init__(self, config: Dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.vocabulary: Optional[Set[str]] = None
        self.clf = LogisticRegression(
            solver=self.config["solver"], max_iter=self.config["max_iter"], tol=self.config["tol"],
            random_state=self.config["random_state"], C=self.config["C"],
            class_weight=self.config["class_weight"],
        )

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0,
                "class_weight": "balanced", "normalize": False, "dense_weight": 1.0}

    @staticmethod
    def _sparse_part(messages: List[Message]) -> csr_matrix:
        rows = []
        for message in messages:
            features = message.get_sparse_features(attribute=TEXT)[1]  # (sequence, sentence)
            rows.append(csr_matrix(features.features if features else []))
        return csr_matrix(vstack(rows))

    @staticmethod
    def _dense_part(messages: List[Message]) -> Optional[NDArray[np.float64]]:
        """The dense sentence features, one row per message (zeros for a message without them); None
        when no message has any."""
        found = [message.get_dense_features(attribute=TEXT)[1] for message in messages]
        width = next((f.features.shape[-1] for f in found if f is not None), 0)
        if not width:
            return None
        return np.vstack([np.asarray(f.features, dtype=np.float64).reshape(1, width) if f is not None
                          else np.zeros((1, width)) for f in found])

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        sparse = self._sparse_part(messages)
        if self.config["normalize"] and sparse.shape[1]:
            sparse = normalize(sparse)
        dense = self._dense_part(messages)
        if dense is None:
            return sparse
        if self.config["normalize"]:
            dense = normalize(dense)
        return csr_matrix(hstack([sparse, csr_matrix(float(self.config["dense_weight"]) * dense)], format="csr"))

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = set()
        for example in training_data.intent_examples:
            self.vocabulary |= _words(example)
        resource = super().train(training_data)
        self.lay_out_weights()
        return resource

    def lay_out_weights(self) -> None:
        """coef_ with the same values, stored so that coef_.T is C-contiguous (what scipy's sparse
        product needs without copying)."""
        if hasattr(self.clf, "coef_"):
            self.clf.coef_ = np.ascontiguousarray(self.clf.coef_.T).T

    def persist(self) -> None:
        super().persist()
        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary or [])))

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LogisticRegressionClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if isinstance(component, SafeLogisticRegressionClassifier):
            component.lay_out_weights()
            with model_storage.read_from(resource) as model_dir:
                path = model_dir / VOCABULARY_FILE
                if path.exists():
                    component.vocabulary = set(json.loads(path.read_text()))
        return component

    def _is_unknown(self, message: Message) -> bool:
        if not str(message.get(TEXT) or "").strip():
            return True
        words = _words(message)
        if words:
            return self.vocabulary is not None and not (words & self.vocabulary)
        # Emoji or punctuation only: unknown only without any sparse features (a sentence encoder
        # gives every text a vector, so dense ones do not count); else the classifier judges (👍 is
        # small talk). Building features is done here only for this rare case: it is the most
        # expensive step of process().
        return bool(self._sparse_part([message]).shape[1] == 0)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            if self._is_unknown(message):
                message.set("intent", {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set("intent_ranking", [], add_to_output=True)
            else:
                super().process([message])
        return messages
