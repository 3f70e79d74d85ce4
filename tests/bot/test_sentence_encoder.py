"""The sentence encoder as dense features: the vector of the text the focus tokenizer kept, read by the
classifier beside the sparse counts with each part normalised on its own, in a pipeline that trains
and parses."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Tuple

import numpy as np
import pytest
import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.preprocessing import normalize

from bot.nlu.classifier import SafeLogisticRegressionClassifier
from bot.nlu.focus_tokenizer import FocusTokenizer
from bot.nlu.sentence_encoder import (
    DIMENSIONS,
    MAX_WORDS,
    SentenceEncoderFeaturizer,
    encoded_text,
    encoder,
    featurized_text,
)

LETTER = ("Goedemorgen, mijn naam is Jan de Vries en ik woon op de Lindelaan 12. Wie repareert de lekkende "
          "kraan in de keuken? Met vriendelijke groet, Jan de Vries")


def context(node: str) -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test", node_name=node)


def featurizer() -> SentenceEncoderFeaturizer:
    return SentenceEncoderFeaturizer.create(SentenceEncoderFeaturizer.get_default_config(), None,  # type: ignore[arg-type]
                                            Resource("dense"), context("dense"))


def tokenized(text: str) -> Message:
    message = Message(data={TEXT: text})
    FocusTokenizer(FocusTokenizer.get_default_config()).process([message])
    return message


def test_one_normalised_sentence_vector_of_the_focused_text() -> None:
    message = tokenized(LETTER)
    featurizer().process([message])
    sequence, sentence = message.get_dense_features(TEXT)
    assert sequence is None  # the classifier reads sentence features only
    assert sentence is not None and sentence.features.shape == (1, DIMENSIONS)
    assert np.linalg.norm(sentence.features) == pytest.approx(1.0, abs=1e-4)
    # what is encoded is what the focus tokenizer kept: the question, not the greeting, name or address
    encoded = featurized_text(message)
    assert encoded is not None and "kraan" in encoded
    assert "Goedemorgen" not in encoded and "Vries" not in encoded and "Lindelaan" not in encoded
    assert message.get(TEXT) == LETTER
    vectors = encoder().encode([encoded, LETTER])
    assert np.allclose(sentence.features[0], vectors[0], atol=1e-5)
    assert not np.allclose(sentence.features[0], vectors[1], atol=1e-2)


def test_a_batch_gives_the_same_vectors_as_one_message_at_a_time() -> None:
    texts = ["Wie repareert de kraan?", "Hoe zeg ik mijn huur op?", "hoi"]
    together = [tokenized(t) for t in texts]
    featurizer().process(together)
    for text, message in zip(texts, together, strict=True):
        alone = tokenized(text)
        featurizer().process([alone])
        a, b = message.get_dense_features(TEXT)[1], alone.get_dense_features(TEXT)[1]
        assert a is not None and b is not None
        assert np.allclose(a.features, b.features, atol=1e-5)


# Written for this test: a long letter with the question in the middle of a story.
LONG_LETTER = ("Goedemorgen, mijn naam is Jan de Vries en ik woon op de Lindelaan 12. Vorige week is er bij ons "
               "ingebroken en de dieven hebben de voordeur kapot gemaakt, het slot is eruit gebroken en de deurpost "
               "is gespleten. Wie moet de deur en het slot nu repareren? Mijn dochter is er nog steeds bang van en "
               "slaapt slecht. De politie is geweest en heeft aangifte opgenomen, het nummer heb ik bewaard en ik "
               "heb ook foto's gemaakt van alle schade aan de deur en de muur ernaast. Met vriendelijke groet, Jan")


def test_a_long_letter_is_encoded_as_its_question_first_and_cut_short() -> None:
    message = tokenized(LONG_LETTER)
    kept = featurized_text(message)
    assert kept is not None and len(kept.split()) > MAX_WORDS
    text = encoded_text(message)
    assert text is not None and text.startswith("Wie moet de deur en het slot nu repareren?")
    assert len(text.split()) == MAX_WORDS and text.count("Wie moet") == 1
    featurizer().process([message])
    sentence = message.get_dense_features(TEXT)[1]
    assert sentence is not None and np.allclose(sentence.features[0], encoder().encode([text])[0], atol=1e-5)


def test_a_short_question_is_encoded_whole() -> None:
    message = tokenized("Heb ik een achterstand?")
    assert encoded_text(message) == featurized_text(message) == "Heb ik een achterstand"


def with_features(sparse: List[float], dense: List[float] | None) -> Message:
    message = Message(data={TEXT: "x"})
    message.add_features(Features(sp.coo_matrix([sparse]), FEATURE_TYPE_SENTENCE, TEXT, "counts"))
    if dense is not None:
        message.add_features(Features(np.array([dense]), FEATURE_TYPE_SENTENCE, TEXT, "dense"))
    return message


def classifier(tmp_path: Path, **config: Any) -> SafeLogisticRegressionClassifier:
    merged = {**SafeLogisticRegressionClassifier.get_default_config(), **config}
    return SafeLogisticRegressionClassifier(merged, "clf", LocalModelStorage(tmp_path), Resource("clf"))


def test_dense_part_is_normalised_on_its_own_and_scaled(tmp_path: Path) -> None:
    # 20 counts of 1 beside a unit vector: normalised together, the dense part would weigh 1/sqrt(21)
    messages = [with_features([1.0] * 20, [0.6, 0.8]), with_features([3.0] * 20, [0.0, 2.0])]
    X = classifier(tmp_path, normalize=True, dense_weight=0.5)._create_X(messages).toarray()
    assert X.shape == (2, 22)
    assert np.allclose(np.linalg.norm(X[:, :20], axis=1), 1.0)
    assert np.allclose(X[:, 20:], [[0.3, 0.4], [0.0, 0.5]])


def test_without_dense_features_the_matrix_is_the_sparse_one(tmp_path: Path) -> None:
    messages = [with_features([1.0, 0.0, 2.0], None), with_features([0.0, 4.0, 3.0], None)]
    X = classifier(tmp_path, normalize=True)._create_X(messages)
    assert np.allclose(X.toarray(), normalize(np.array([[1.0, 0.0, 2.0], [0.0, 4.0, 3.0]])))


TRAINING: Dict[str, List[str]] = {
    "repair": ["wie repareert de kraan", "de kraan lekt wie maakt het", "mijn deur klemt, wie moet dat maken",
               "het raam is kapot wie repareert dat", "de cv-ketel doet het niet meer"],
    "rent": ["hoeveel huur betaal ik", "wanneer moet de huur betaald zijn", "kan ik de huur later betalen",
             "ik heb een huurachterstand", "hoe betaal ik mijn huur"],
    "move_out": ["ik wil de huur opzeggen", "hoe zeg ik mijn woning op", "ik ga verhuizen, wat moet ik doen",
                 "wat is de opzegtermijn", "wanneer is de eindinspectie"],
}


def pipeline(tmp_path: Path) -> Tuple[FocusTokenizer, CountVectorsFeaturizer, SentenceEncoderFeaturizer]:
    storage = LocalModelStorage(tmp_path)
    counts = CountVectorsFeaturizer.create({**CountVectorsFeaturizer.get_default_config(), "analyzer": "char_wb",
                                            "min_ngram": 2, "max_ngram": 5}, storage, Resource("counts"),
                                           context("counts"))
    return FocusTokenizer(FocusTokenizer.get_default_config()), counts, featurizer()


def test_the_pipeline_trains_and_parses_with_dense_features(tmp_path: Path) -> None:
    tokenizer, counts, dense = pipeline(tmp_path)
    data = TrainingData([Message(data={TEXT: text, INTENT: intent}) for intent, texts in TRAINING.items()
                         for text in texts])
    tokenizer.process_training_data(data)
    counts.train(data)
    counts.process_training_data(data)
    dense.process_training_data(data)
    config = {**SafeLogisticRegressionClassifier.get_default_config(), "normalize": True, "C": 100.0}
    storage = LocalModelStorage(tmp_path)
    trained = SafeLogisticRegressionClassifier.create(config, storage, Resource("clf"), context("clf"))
    trained.train(data)
    loaded = SafeLogisticRegressionClassifier.load(config, storage, Resource("clf"), context("clf"))

    message = Message(data={TEXT: "Goedendag, bij ons lekt de kraan in de badkamer. Wie komt die maken?"})
    tokenizer.process([message])
    counts.process([message])
    dense.process([message])
    assert loaded.clf.coef_.shape[1] == loaded._create_X([message]).shape[1]
    loaded.process([message])
    assert message.get(INTENT)["name"] == "repair"
