"""The count featurizers' sentence row of one message without counting a word's n-grams again (used
by bot/sentence_features.py at inference; never installed on import).

A CountVectorsFeaturizer with `analyzer: char_wb` counts the character n-grams of every word of the
text (scikit-learn's `_char_wb_ngrams`, in Python): for a 110-word letter about 2,000 n-grams, each
looked up in the vocabulary, the largest part of the parse after the sentence encoder
(docs/performance.md, "Session 17"). Those n-grams never cross a word (the analyser pads each
word with spaces and splits the text on white space), so a text's counts are the sum of its words'
counts: each word's n-grams in the vocabulary are kept (bot.word_memo.WORDS_KEPT words per vectorizer, a few MB) and a
message adds up the counts of its words. The row is built as scikit-learn's `transform` builds it
(the same dtypes, indices sorted); `tests/bot/test_count_rows.py` compares it with `transform`.

Any other analyser, or a vectorizer with its own preprocessor, analyser or input kind, is left to
`transform`. Rasa's token clean-up before it (`_process_tokens`: numbers to __NUMBER__, lower case)
is kept per token too (`processed_tokens`).
"""

from __future__ import annotations

import re
from array import array
from typing import Any, Dict, List

import numpy as np
import scipy.sparse as sp

from bot.word_memo import memo_on, per_word

# Rasa's CountVectorsFeaturizer._process_tokens: re.sub(r"\b[0-9]+\b", "__NUMBER__", token)
NUMBER = re.compile(r"\b[0-9]+\b")
NUMBER_TOKEN = "__NUMBER__"
_KEPT = "_huurwijzer_word_counts"  # on the vectorizer: word -> its n-grams' vocabulary indices (array)
_TOKENS_KEPT = "_huurwijzer_processed_tokens"  # on the featurizer: token -> processed token


def countable_per_word(vectorizer: Any) -> bool:
    """Whether the vectorizer's counts of a text are the sum of its words' counts, done here."""
    return (getattr(vectorizer, "analyzer", None) == "char_wb" and vectorizer.input == "content"
            and vectorizer.preprocessor is None and hasattr(vectorizer, "vocabulary_"))


def _word_indices(vectorizer: Any, word: str) -> array[int]:
    """The vocabulary indices of one word's n-grams that are in the vocabulary, in order, repeated."""
    vocabulary = vectorizer.vocabulary_
    return array("i", [index for feature in vectorizer._char_wb_ngrams(word)
                       if (index := vocabulary.get(feature)) is not None])


def row(vectorizer: Any, text: str) -> Any:
    """vectorizer.transform([text]): a 1 x vocabulary CSR matrix of counts, indices sorted."""
    if not countable_per_word(vectorizer):
        return vectorizer.transform([text])
    kept: Dict[str, array[int]] = memo_on(vectorizer, _KEPT)
    # scikit-learn's analyser: decode, preprocess (lower case, accents) the whole text, then
    # `_char_wb_ngrams` normalises white space and pads each word of `split()` with spaces.
    document = vectorizer.build_preprocessor()(vectorizer.decode(text))
    counts: Dict[int, int] = {}
    for word in vectorizer._white_spaces.sub(" ", document).split():
        indices = per_word(kept, word, lambda w: _word_indices(vectorizer, w))
        for index in indices:
            counts[index] = counts.get(index, 0) + 1
    columns = np.asarray(list(counts), dtype=np.int32)
    values = np.asarray(list(counts.values()), dtype=np.intc)
    indptr = np.asarray([0, len(columns)], dtype=np.int32)
    matrix = sp.csr_matrix((values, columns, indptr), shape=(1, len(vectorizer.vocabulary_)), dtype=vectorizer.dtype)
    matrix.sort_indices()
    if vectorizer.binary:
        matrix.data.fill(1)
    return matrix


def processed_tokens(featurizer: Any, tokens: List[str]) -> List[str]:
    """Rasa's `_process_tokens(tokens, TEXT)` with each token's result kept: the same list."""
    kept: Dict[str, str] = memo_on(featurizer, _TOKENS_KEPT)
    lowercase = bool(featurizer.lowercase)

    def process(token: str) -> str:
        done = NUMBER.sub(NUMBER_TOKEN, token)
        return done.lower() if lowercase else done

    out = [per_word(kept, token, process) for token in tokens]
    return out
