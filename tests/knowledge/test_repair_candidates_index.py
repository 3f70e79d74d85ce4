"""The candidate objects of a message (named by a word when no pattern matched) are ranked through an
index of the name words: the same ranking as comparing every word with every object's name, without
the 20,000 comparisons that cost a 110-word letter 20-26 ms (docs/performance.md, session 11)."""

from __future__ import annotations

import dataclasses
from typing import List, Optional, Tuple

import pytest

import huurwijzer.content.repair_matching as matching
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repair_words import FUNCTION_WORDS, NOT_OBJECTS, compound_head, in_english_name
from huurwijzer.content.repairs import RepairObject, RepairTable
from tests.knowledge.test_repairs_long_letters import LETTER, TEXTS, training_texts

ENGLISH = ["who repairs my tap?", "the door is broken", "who fixes the outside tap", "my boiler is leaking",
           "who pays for a new door handle", "the window in the bedroom does not close"]


def compared(table: RepairTable, text: str) -> List[Tuple[int, RepairObject]]:
    """The ranking as it was: every word of the message against every name word of every object."""
    words = [w for w in normalise(text).split() if w not in matching._STOPWORDS and w not in NOT_OBJECTS
             and not any(w.startswith(s) for s in matching._WEAK_STEMS)]
    found = []
    stems = {stem for obj in table.objects for stem in obj.stems}
    heads = {word: compound_head(word, stems) for word in words if word not in FUNCTION_WORDS}
    for order, obj in enumerate(table.objects):
        ranks = [0 if word in obj.stems else matching._name_rank(name_word, word)
                 for name_word in obj.name_words for word in words if word not in FUNCTION_WORDS]
        # a compound's head among its search words ranks as a compound end ("douchekraan": "kraan")
        ranks += [2 for head in heads.values() if obj.name_words and head in obj.stems]
        best: Optional[int] = min((r for r in ranks if r is not None), default=None)
        if table.english and in_english_name(words, normalise(obj.name_en_to_match)):
            best = -1
        if best is not None:
            found.append((best, order, obj))
    return [(rank, obj) for rank, _, obj in sorted(found, key=lambda f: (f[0], f[1]))]


@pytest.mark.parametrize("english", [False, True])
def test_the_same_ranking_as_comparing_every_word_with_every_name(table: RepairTable, english: bool) -> None:
    view = dataclasses.replace(table, english=english)
    texts = [*TEXTS, *training_texts(), *ENGLISH]
    assert len(texts) > 300
    assert [view._ranked(text) for text in texts] == [compared(view, text) for text in texts]


def test_a_letter_compares_few_name_words(table: RepairTable, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: List[str] = []
    real = matching._name_rank

    def counted(name_word: str, word: str) -> Optional[int]:
        calls.append(word)
        return real(name_word, word)

    monkeypatch.setattr(matching, "_name_rank", counted)
    fresh = dataclasses.replace(table)  # its own (empty) caches
    assert fresh.candidates(LETTER)
    names = sum(len(obj.name_words) for obj in table.objects)
    assert names > 300 and len(calls) < 500  # every word against every name word: about 20,000
