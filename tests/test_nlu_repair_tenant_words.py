"""Session 22 (branch repairs10): who-repairs training examples in tenants' words (data/nlu/repair_tenant_words.yml).

Example-level checks, no model: the examples under who repairs ask a question (who, or "moet ik ...?"), are of the
lengths tenants write, include English, are new phrasings (no copy of another training example); the neighbours'
counter-examples in the same file do not ask who ("wie", "who"), so they keep their own topic. Own phrasings.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Dict, List

from huurwijzer.content.nlu_examples import intent_examples, nlu_examples
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repair_words import ASKS_WHO
from huurwijzer.conversation.understanding import REPAIR_INTENT

ROOT = Path(__file__).resolve().parent.parent
FILE = ROOT / "data" / "nlu" / "repair_tenant_words.yml"
NEIGHBOURS = {"keys_locks", "garbage", "emergency_repair", "nuisance", "service_subscription", "complaint"}
ENGLISH = re.compile(r"\b(the|who|my|is|i|me|you)\b")
WHO = re.compile(r"\b(wie|wiens|who|whose)\b")


def _by_intent() -> Dict[str, List[str]]:
    return intent_examples([FILE])


def test_the_file_is_read_and_who_repairs_has_60_to_120_examples() -> None:
    examples = _by_intent()
    assert 60 <= len(examples[REPAIR_INTENT]) <= 120
    assert set(examples) - {REPAIR_INTENT} <= NEIGHBOURS


def test_every_who_repairs_example_asks() -> None:
    silent = [text for text in _by_intent()[REPAIR_INTENT] if "?" not in text and not ASKS_WHO.search(normalise(text))]
    assert silent == []


def test_lengths_and_a_share_of_english() -> None:
    texts = _by_intent()[REPAIR_INTENT]
    assert all(3 <= len(text.split()) <= 120 for text in texts)
    english = [text for text in texts if len(ENGLISH.findall(text.lower())) >= 2]
    assert len(english) >= len(texts) // 8


def test_the_neighbours_examples_do_not_ask_who_repairs() -> None:
    for intent, texts in _by_intent().items():
        if intent != REPAIR_INTENT:
            assert [text for text in texts if WHO.search(text.lower())] == [], intent


def test_no_example_repeats_another_training_example() -> None:
    here = {" ".join(text.lower().split()) for texts in _by_intent().values() for text in texts}
    elsewhere = {" ".join(example.text.lower().split())
                 for example in nlu_examples(sorted((ROOT / "data" / "nlu").glob("*.yml")))
                 if example.path != FILE}
    assert here & elsewhere == set()
