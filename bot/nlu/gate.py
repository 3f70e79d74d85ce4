"""The NLU's last step, in place of Rasa's FallbackClassifier: huurwijzer.conversation.understanding.decide.

It keeps the FallbackClassifier's contract (the intent `nlu_fallback` at the threshold's
confidence, first in the ranking) and adds what issue 15 asked for: misuse only with a mark of
misuse, the repair table for messages that name a repair object and a defect while the
classifier is unsure, and a calibrated threshold (docs/nlu.md). The classifier's own ranking
stays in the parse result as `classifier_ranking`, so the benchmarks can re-decide at other thresholds.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar, cast

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.fallback_classifier import FallbackClassifier
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.classifier import STAGE
from huurwijzer.content.emergencies import Emergencies, load_emergencies
from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.not_ours import FOLDER, Subject, load_subjects, subject_files
from huurwijzer.content.repairs import RepairTable, load_repairs
from huurwijzer.conversation.gate_decision import gate_decision
from huurwijzer.conversation.housing_evidence import live_housing_words
from huurwijzer.conversation.shared_names import NOT_OURS_SUBJECT_KEY
from huurwijzer.conversation.understanding import (
    CLASSIFIER_RANKING,
    FALLBACK_INTENT,
    REFUSING_INTENTS,
    has_misuse_marks,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")
_live: Dict[str, FileBacked[Any]] = {}


def _live_files(name: str, files: Callable[[Path], List[Path]], load: Callable[[List[Path]], T],
                without: str) -> Optional[T]:
    """Files of the knowledge folder the assistant answers from (`name`: a file, or a folder of them), reread
    when staff change them; None (and the gate decides `without` them) when they cannot be read."""
    from huurwijzer.settings import get_settings

    try:
        if name not in _live:
            settings = get_settings()
            _live[name] = FileBacked(files=lambda: files(settings.knowledge_dir),
                                     build=lambda: load(files(settings.knowledge_dir)),
                                     interval_seconds=settings.reload_interval_seconds)
        return cast(T, _live[name].get())
    except Exception:
        logger.exception("%s unreadable; the NLU gate decides %s", name, without)
        return None


def _live_file(name: str, load: Callable[[Path], T], without: str) -> Optional[T]:
    return _live_files(name, lambda folder: [folder / name], lambda paths: load(paths[0]), without)


def live_repairs() -> Optional[RepairTable]:
    return _live_file("repairs.yml", load_repairs, "on confidence alone")


def live_emergencies() -> Optional[Emergencies]:
    return _live_file("emergencies.yml", load_emergencies, "without the danger check")


def live_not_ours() -> Optional[Tuple[Subject, ...]]:
    """The subjects of knowledge/niet-van-ons/; None (no such check) when unreadable."""
    return _live_files(FOLDER, subject_files, load_subjects, "without the subjects that are not ours")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class UnderstandingGate(FallbackClassifier):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {**FallbackClassifier.get_default_config(), "use_repair_table": True, "dense_threshold": None}

    def threshold_for(self, message: Message) -> float:
        """`dense_threshold` for a message with dense sentence features (the sentence encoder makes the
        classifier surer: docs/nlu.md, "Dense features with a topic gate"), else `threshold`. The
        threshold follows the features, so switching the encoder on or off is one line of config.yml.
        A two-stage classifier says which stage answered (bot.nlu.classifier.STAGE): that decides."""
        dense = self.component_config.get("dense_threshold")
        stage = message.get(STAGE)
        if stage is not None:
            return float(dense) if dense is not None and stage == "dense" else float(self.component_config["threshold"])
        if dense is not None and any(f.type == FEATURE_TYPE_SENTENCE and f.attribute == TEXT and not f.is_sparse()
                                     for f in message.features):
            return float(dense)
        return float(self.component_config["threshold"])

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            threshold = self.threshold_for(message)
            ranking = [r for r in message.data.get(INTENT_RANKING_KEY) or [] if r.get("name") != FALLBACK_INTENT]
            repairs = live_repairs() if self.component_config["use_repair_table"] else None
            text = str(message.get(TEXT) or "")
            emergencies = live_emergencies() if self.component_config["use_repair_table"] else None
            decision = gate_decision(text, ranking, repairs, emergencies, threshold, live_housing_words(),
                                     live_not_ours() if self.component_config["use_repair_table"] else None)
            chosen = {"name": decision.intent, "confidence": decision.confidence}
            message.data[INTENT] = chosen
            # The ranking shows the decision first (rules, suggestions and tests read it); the
            # classifier's own ranking stays beside it for the benchmarks' threshold sweep.
            # The misuse marks are a long pattern (1.6 ms for a letter): searched only when the ranking
            # holds a refusal besides the decision.
            refusing = any(r.get("name") in REFUSING_INTENTS and r.get("name") != decision.intent for r in ranking)
            refusable = refusing and has_misuse_marks(text)
            others = [r for r in ranking if r.get("name") != decision.intent
                      and (refusable or r.get("name") not in REFUSING_INTENTS)]
            message.data[INTENT_RANKING_KEY] = [chosen, *others]
            message.set(CLASSIFIER_RANKING, ranking, add_to_output=True)
            if decision.subject is not None:  # the reply is this subject's answer (basic_reply_turn)
                message.set(NOT_OURS_SUBJECT_KEY, decision.subject, add_to_output=True)
        return messages
