"""Whitespace tokens of the message's question part (huurwijzer.conversation.message_focus.focus): greeting,
signature, name, address and numbers set aside, question sentences of a long message counted
twice. Used at training and at parse time, so the classifier learns and reads the same view.

`word_variants` (config.yml) reads a tenant's everyday word as the word our training data uses
("huisbaas" as "verhuurder"): a rare word otherwise only has its character n-grams, and "huis" in
"huisbaas" pulled "mag mijn huisbaas ..." to pets ("huisdier")."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, cast

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from huurwijzer.conversation import message_focus
from huurwijzer.conversation.message_focus import focus

# A message written in capitals ("IK WACHT AL 3 WEKEN OP DE MONTEUR"): the sentence encoder reads case, and our
# training data has none in capitals, so it fell back (QA, session 22) where the same words in small letters were
# understood. Read in small letters when most of its letters, and enough of them, are capitals.
MIN_SHOUTED_LETTERS = 12
SHOUTED_SHARE = 0.8


def calm(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    shouted = len(letters) >= MIN_SHOUTED_LETTERS and sum(c.isupper() for c in letters) >= SHOUTED_SHARE * len(letters)
    return text.lower() if shouted else text


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class FocusTokenizer(WhitespaceTokenizer):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Rasa's training cache keys a component on its config and its input data, not on code: a
        # fingerprint of the focus rules makes a change to them retrain the featurizers.
        source = Path(message_focus.__file__).read_bytes()
        return {**WhitespaceTokenizer.get_default_config(), "focus_rules": hashlib.sha256(source).hexdigest()[:16],
                "word_variants": {}}

    def __init__(self, config: Dict[str, Any]) -> None:
        super().__init__(config)
        self._variants: Mapping[str, str] = {str(k).lower(): str(v) for k, v in
                                             (config.get("word_variants") or {}).items()}
        self._variant_words: Optional[re.Pattern[str]] = (
            re.compile(r"\b(" + "|".join(sorted(map(re.escape, self._variants), key=len, reverse=True)) + r")\b",
                       re.IGNORECASE) if self._variants else None)

    def read_variants(self, text: str) -> str:
        if self._variant_words is None:
            return text
        return self._variant_words.sub(lambda m: self._variants[m.group(0).lower()], text)

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        if attribute != TEXT:
            return cast(List[Token], super().tokenize(message, attribute))
        original = message.get(attribute)
        text = str(original or "")
        if text.startswith("/"):  # a button payload, handled by Rasa itself
            return cast(List[Token], super().tokenize(message, attribute))
        message.set(attribute, self.read_variants(calm(focus(text).text)))
        try:
            return cast(List[Token], super().tokenize(message, attribute))
        finally:
            message.set(attribute, original)
