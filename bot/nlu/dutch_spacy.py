"""Dutch spaCy pipeline for Rasa: the official nl_core_news_sm when installed, else an offline
fallback built here (blank Dutch tokenizer + lookup lemmas from spacy-lookups-data).

The fallback exists because nl_core_news_sm is not on the package index this project installs
from (see scripts/install-spacy-model.sh). Which one is active is logged at start; a model
trained with one should be served with the same one, so the identity is part of the training
fingerprint (bot/fingerprint.py).
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.utils import spacy_utils
from rasa.nlu.utils.spacy_utils import SpacyModel

logger = logging.getLogger(__name__)

OFFICIAL_MODEL = "nl_core_news_sm"
FALLBACK_NAME = "blank_nl_lookup_lemmas"


def official_model_available(name: str = OFFICIAL_MODEL) -> bool:
    import spacy.util

    return bool(spacy.util.is_package(name))


def active_pipeline_name(name: str = OFFICIAL_MODEL) -> str:
    return name if official_model_available(name) else FALLBACK_NAME


def build_fallback() -> Any:
    """spacy.blank('nl') with the Dutch lookup lemmatizer (no download needed)."""
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def load_dutch(name: str = OFFICIAL_MODEL) -> SpacyModel:
    if official_model_available(name):
        model = spacy_utils.SpacyNLP.load_model(name)
        logger.info("NLU pipeline: spaCy model %s", name)
        return model
    logger.warning(
        "NLU pipeline: %s is not installed; using the offline fallback %s "
        "(blank Dutch tokenizer + lookup lemmas). Install it with 'make spacy-model'.",
        name, FALLBACK_NAME,
    )
    return SpacyModel(model=build_fallback(), model_name=FALLBACK_NAME)


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MODEL_LOADER, DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER],
    is_trainable=False,
    model_from="SpacyNLP",
)
class SpacyNLP(spacy_utils.SpacyNLP):
    """SpacyNLP that falls back to an offline Dutch pipeline instead of failing.

    The class keeps the name SpacyNLP on purpose: Rasa hands the loaded model to SpacyTokenizer
    by matching the provider's class name, so a differently named subclass would leave the
    tokenizer without a model.
    """

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**spacy_utils.SpacyNLP.get_default_config(), "model": OFFICIAL_MODEL}

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpacyNLP:
        merged = {**cls.get_default_config(), **config}
        return cls(load_dutch(str(merged["model"])), merged)
