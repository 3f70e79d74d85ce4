"""QA, session 22: a message in capitals ("IK WACHT AL 3 WEKEN OP DE MONTEUR VOOR MIJN RAAM") fell back, where the same
words in small letters were read as the tenant's repairs: the sentence encoder reads case and our training data has
no capitals. The tokenizer reads a shouted message in small letters; a message with a few capitals stays as typed."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.focus_tokenizer import FocusTokenizer
from bot.nlu.sentence_encoder import encoded_text


def _read(text: str) -> str:
    message = Message(data={TEXT: text})
    FocusTokenizer(FocusTokenizer.get_default_config()).process([message])
    assert message.get(TEXT) == text  # the message itself keeps what was typed
    return str(encoded_text(message))


def test_a_shouted_message_is_read_in_small_letters() -> None:
    assert _read("IK WACHT AL 3 WEKEN OP DE MONTEUR VOOR MIJN RAAM!!! DIT IS BELACHELIJK") == \
        _read("ik wacht al 3 weken op de monteur voor mijn raam!!! dit is belachelijk")


@pytest.mark.parametrize("text", ["Mijn CV ketel doet het niet", "WC verstopt", "Ik woon in de Lindelaan, HELP"])
def test_a_few_capitals_stay(text: str) -> None:
    assert _read(text).split()[0] in text
    assert any(c.isupper() for c in _read(text))
