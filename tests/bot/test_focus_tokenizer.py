"""The focus tokenizer reads a tenant's everyday word as the word the training data uses."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import yaml
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.focus_tokenizer import FocusTokenizer

ROOT = Path(__file__).resolve().parents[2]


def configured() -> Dict[str, Any]:
    pipeline: List[Dict[str, Any]] = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    own = next(c for c in pipeline if c["name"].endswith("FocusTokenizer"))
    return {**FocusTokenizer.get_default_config(), **{k: v for k, v in own.items() if k != "name"}}


def tokens(config: Dict[str, Any], text: str) -> List[str]:
    message = Message(data={TEXT: text})
    FocusTokenizer(config).process([message])
    return [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_everyday_words_for_the_landlord_read_as_the_trained_word() -> None:
    assert "verhuurder" in tokens(configured(), "Mag mijn Huisbaas de huur verhogen?")
    assert "corporatie" in tokens(configured(), "De woningstichting reageert niet")


def test_only_whole_words_are_read_as_variants_and_the_message_keeps_its_text() -> None:
    message = Message(data={TEXT: "Wie maakt de huisbaasdeur?"})
    FocusTokenizer(configured()).process([message])
    assert message.get(TEXT) == "Wie maakt de huisbaasdeur?"
    assert "huisbaasdeur" in [t.text for t in message.get(TOKENS_NAMES[TEXT])]


def test_without_variants_the_words_stay_as_written() -> None:
    assert "huisbaas" in tokens(FocusTokenizer.get_default_config(), "Mag mijn huisbaas de huur verhogen?")
