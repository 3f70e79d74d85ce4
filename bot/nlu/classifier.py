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

Two stages (`dense_below`, docs/nlu.md "Two-stage dense"): with dense features at training and
`dense_below` set, a second regression is trained on the sparse part alone. A message is answered
by it when its top confidence is at least `dense_below`; only otherwise is the message encoded
(bot.nlu.sentence_encoder.encode_on_demand, with the featurizer's `on_demand: true`) and answered
by the sparse+dense regression, its probabilities mixed with the sparse stage's at `stage_mix` (the
sparse stage's share; 0: the dense regression alone). Which stage answered is in the parse result (STAGE), so the gate
uses `dense_threshold` only for the dense stage. The dense stage's scores are the two parts'
products added up (no sparse+dense matrix is built per message).
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterator, List, Optional, Set

import numpy as np
from numpy.typing import NDArray
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import coo_matrix, csr_matrix, hstack, vstack
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import normalize
from sklearn.utils.extmath import softmax

from bot.nlu.sentence_encoder import encode_on_demand

VOCABULARY_FILE = "vocabulary.json"
DENSE_WIDTH_FILE = "dense_width.json"
SPARSE_STAGE_FILE = "sparse_stage.skops"
# In the parse result: which regression answered, "sparse" or "dense" (absent for a sparse-only model)
STAGE = "classifier_stage"


def _word_forms(message: Message) -> Iterator[str]:
    """Each token's text and lemma, lower case, that holds a letter or digit, in the message's order."""
    for token in message.get(TOKENS_NAMES[TEXT]) or []:
        for form in (token.text, token.lemma):
            if form and any(ch.isalnum() for ch in form):
                yield form.lower()


def _knows_a_word(message: Message, vocabulary: Set[str]) -> bool:
    """Whether one of `_words(message)` is in `vocabulary`, looked up token by token until one is (a
    letter's first few words, instead of every word of it)."""
    return any(form in vocabulary for form in _word_forms(message))


def _words(message: Message) -> Set[str]:
    return set(_word_forms(message))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SafeLogisticRegressionClassifier(LogisticRegressionClassifier):
    def __init__(self, config: Dict[str, Any], name: str, model_storage: ModelStorage,
                 resource: Resource) -> None:
        super().__init__(config, name, model_storage, resource)
        self.vocabulary: Optional[Set[str]] = None
        # the sparse-only first stage (None: one stage) and the dense regression's weights split
        # at the sparse width (None: a sparse-only model)
        self.sparse_stage: Optional[LogisticRegression] = None
        self.dense_width = 0
        self.split: Optional[tuple[NDArray[np.float64], NDArray[np.float64]]] = None
        self.clf = LogisticRegression(
            solver=self.config["solver"], max_iter=self.config["max_iter"], tol=self.config["tol"],
            random_state=self.config["random_state"], C=self.config["C"],
            class_weight=self.config["class_weight"],
        )

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**LogisticRegressionClassifier.get_default_config(), "C": 1.0,
                "class_weight": "balanced", "normalize": False, "dense_weight": 1.0, "dense_below": None,
                "stage_mix": 0.0}

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

    @classmethod
    def _sparse_row(cls, message: Message) -> csr_matrix:
        """_sparse_part([message]): the featurizers' sentence rows side by side (Rasa's combination, a
        deep copy and two scipy stacks, was most of the sparse stage's cost), built directly when each
        is a 1-row COO matrix with sorted columns (bot/sentence_features.py adds them so)."""
        rows = [f.features for f in message.features
                if f.attribute == TEXT and f.is_sparse() and f.type == FEATURE_TYPE_SENTENCE]
        if not rows or not all(isinstance(r, coo_matrix) and r.shape[0] == 1 and r.dtype == rows[0].dtype
                               and np.all(r.col[1:] > r.col[:-1]) for r in rows):
            return cls._sparse_part([message])
        offsets = np.cumsum([0, *(r.shape[1] for r in rows)])
        columns = np.concatenate([r.col.astype(np.int64) + offset for r, offset in zip(rows, offsets, strict=False)])
        data = np.concatenate([r.data for r in rows])
        return csr_matrix((data, columns.astype(np.int32), np.asarray([0, len(data)], dtype=np.int32)),
                          shape=(1, int(offsets[-1])))

    def _sparse_X(self, messages: List[Message]) -> csr_matrix:
        sparse = self._sparse_row(messages[0]) if len(messages) == 1 else self._sparse_part(messages)
        if self.config["normalize"] and sparse.shape[1]:
            sparse = normalize(sparse)
        return sparse

    def _scaled_dense(self, dense: NDArray[Any]) -> NDArray[np.float64]:
        dense = np.asarray(dense, dtype=np.float64)
        if self.config["normalize"]:
            dense = normalize(dense)
        return float(self.config["dense_weight"]) * dense

    def _create_X(self, messages: List[Message]) -> csr_matrix:
        sparse = self._sparse_X(messages)
        dense = self._dense_part(messages)
        if dense is None:
            return sparse
        return csr_matrix(hstack([sparse, csr_matrix(self._scaled_dense(dense))], format="csr"))

    def train(self, training_data: TrainingData) -> Resource:
        self.vocabulary = set()
        for example in training_data.intent_examples:
            self.vocabulary |= _words(example)
        self.sparse_stage = None
        examples = [e for e in training_data.intent_examples if e.get("intent") and e.get("text")]
        dense = self._dense_part(examples) if examples else None
        self.dense_width = 0 if dense is None else int(dense.shape[1])
        if self.dense_width and self.config["dense_below"] is not None:
            self.sparse_stage = LogisticRegression(**self.clf.get_params())
            self.sparse_stage.fit(self._sparse_X(examples), [e.get("intent") for e in examples])
        resource = super().train(training_data)  # persists
        self.lay_out_weights()
        return resource

    def lay_out_weights(self) -> None:
        """coef_ with the same values, stored so that coef_.T is C-contiguous (what scipy's sparse
        product needs without copying); with dense features also split into the sparse part (laid
        out the same way) and the dense part."""
        # getattr: also for a holder made without __init__ (tests/bot/test_classifier_weights.py)
        for clf in (self.clf, getattr(self, "sparse_stage", None)):
            if clf is not None and hasattr(clf, "coef_"):
                clf.coef_ = np.ascontiguousarray(clf.coef_.T).T
        self.split = None
        if getattr(self, "dense_width", 0) and hasattr(self.clf, "coef_"):
            weights = self.clf.coef_
            self.split = (np.ascontiguousarray(weights[:, :-self.dense_width].T),
                          np.ascontiguousarray(weights[:, -self.dense_width:].T))

    def persist(self) -> None:
        super().persist()
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as model_dir:
            (model_dir / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary or [])))
            (model_dir / DENSE_WIDTH_FILE).write_text(json.dumps(self.dense_width))
            if self.sparse_stage is not None:
                sio.dump(self.sparse_stage, model_dir / SPARSE_STAGE_FILE)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LogisticRegressionClassifier:
        component = super().load(config, model_storage, resource, execution_context, **kwargs)
        if isinstance(component, SafeLogisticRegressionClassifier):
            import skops.io as sio

            with model_storage.read_from(resource) as model_dir:
                path = model_dir / VOCABULARY_FILE
                if path.exists():
                    component.vocabulary = set(json.loads(path.read_text()))
                if (model_dir / DENSE_WIDTH_FILE).exists():
                    component.dense_width = int(json.loads((model_dir / DENSE_WIDTH_FILE).read_text()))
                stage = model_dir / SPARSE_STAGE_FILE
                if stage.exists() and config.get("dense_below") is not None:
                    component.sparse_stage = sio.load(stage, trusted=sio.get_untrusted_types(file=stage))
            component.lay_out_weights()
        return component

    def _is_unknown(self, message: Message) -> bool:
        if not str(message.get(TEXT) or "").strip():
            return True
        if self.vocabulary is not None and _knows_a_word(message, self.vocabulary):
            return False
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
            elif not self.dense_width or self.split is None:
                super().process([message])  # a sparse-only model: exactly the stock path
            else:
                self._two_stages(message)
        return messages

    def _two_stages(self, message: Message) -> None:
        sparse = self._sparse_X([message])
        below = self.config["dense_below"]
        first: Optional[NDArray[np.float64]] = None
        if self.sparse_stage is not None and below is not None:
            first = self.sparse_stage.predict_proba(sparse)[0]
            if float(first.max()) >= float(below):
                self._rank(message, first, "sparse")
                return
        vector = encode_on_demand(message)
        if vector is None or self.split is None:
            probabilities = self.clf.predict_proba(self._create_X([message]))[0]
        else:
            sparse_weights, dense_weights = self.split
            scores = sparse @ sparse_weights + self._scaled_dense(vector) @ dense_weights + self.clf.intercept_
            probabilities = self._probabilities(np.asarray(scores, dtype=np.float64))[0]
        self._rank(message, self._mixed(first, probabilities), "dense")

    def _mixed(self, first: Optional[NDArray[np.float64]], dense: NDArray[np.float64]) -> NDArray[np.float64]:
        """The dense stage's probabilities with the sparse stage's mixed in at `stage_mix`: on the messages
        it gets (the sparse stage unsure) the dense regression alone was often less sure of the same
        intent than the sparse one, and fell below the gate (docs/nlu.md, "Long letters and the dev
        set's fallbacks")."""
        mix = float(self.config["stage_mix"])
        if not mix or first is None or self.sparse_stage is None:
            return dense
        if list(self.sparse_stage.classes_) != list(self.clf.classes_):
            return dense  # trained on different intents: the two rows cannot be added up
        return np.asarray(mix * first + (1.0 - mix) * dense, dtype=np.float64)

    def _probabilities(self, scores: NDArray[np.float64]) -> NDArray[np.float64]:
        """What LogisticRegression.predict_proba makes of decision scores (scikit-learn 1.1)."""
        if scores.shape[1] == 1:
            positive = np.asarray(expit(scores), dtype=np.float64)
            return np.hstack([1.0 - positive, positive])
        if self.clf.multi_class == "multinomial" or (self.clf.multi_class == "auto" and self.clf.solver != "liblinear"):
            return np.asarray(softmax(scores), dtype=np.float64)
        each = np.asarray(expit(scores), dtype=np.float64)
        return np.asarray(each / each.sum(axis=1, keepdims=True), dtype=np.float64)

    def _rank(self, message: Message, probabilities: NDArray[np.float64], stage: str) -> None:
        """The stock component's intent and ranking from one message's probabilities, and the stage."""
        pairs = zip(self.clf.classes_, probabilities, strict=True)
        ranking = sorted(({"name": name, "confidence": float(p)} for name, p in pairs), key=lambda e: -e["confidence"])
        message.set("intent", ranking[0], add_to_output=True)
        if self.config["ranking_length"] > 0:
            ranking = ranking[: self.config["ranking_length"]]
        message.set("intent_ranking", ranking, add_to_output=True)
        message.set(STAGE, stage, add_to_output=True)
