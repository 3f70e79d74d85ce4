"""Adds the message's language to the parse result, after the intent classifiers.

Every channel goes through the NLU, so the actions find the language in the parse data
(`language`: an ISO code, or None when the message is too short or ambiguous to leave the
conversation's language; huurwijzer.content.language decides). A request to talk in a language
("continue in English") counts as written in the language asked for (`message_language`: this is
why it runs after the gate). A message in a language the assistant does not answer in becomes
nlu_fallback, so no Dutch answer or form is started on a guess from words it does not know;
action_fallback then says, in that language, how to reach a person.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from huurwijzer.content.language import PARSE_KEY, detect, is_other, message_language


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        detect("warm up the detector once when the model loads")
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = message.get(INTENT) or {}
            code = message_language(text, intent.get(INTENT_NAME_KEY)) if isinstance(text, str) else None
            message.set(PARSE_KEY, code, add_to_output=True)
            if code is not None and is_other(code):
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME,
                            PREDICTED_CONFIDENCE_KEY: float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)}
                message.set(INTENT, fallback, add_to_output=True)
                ranking = [r for r in message.get(INTENT_RANKING_KEY) or []
                           if r.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME]
                message.set(INTENT_RANKING_KEY, [fallback, *ranking], add_to_output=True)
        return messages
