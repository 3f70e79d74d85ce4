"""bot.count_rows: a char_wb count row added up from each word's kept counts is scikit-learn's `transform`
row (values, indices, dtypes, shape) for every text we have and awkward white space and Unicode; a
word's n-grams are made once; Rasa's token clean-up kept per token gives Rasa's tokens."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, List

import numpy as np
import pytest
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.nlu.constants import TEXT
from sklearn.feature_extraction.text import CountVectorizer

from bot import count_rows, sentence_features, word_memo
from tests.bot.test_sentence_features import texts

AWKWARD = [
    "", " ", "a", "ab", "abcdef", "  twee   spaties\tenter\nen\r\nnog\x0been\x0cform\xa0feed\u2003em  ",
    "HOOFDLETTERS en Kleine", "café crème naïef", "cafe\u0301 met een losse accent", "İstanbul", "STRASSE straße",
    "ﬁnale ligatuur", "ｆｕｌｌ ｗｉｄｔｈ", "👍 🙂 ✔", "€ 12,50 per maand", "x" * 40, "de de de de de",
    "Ω ΣΟΦΙΑΣ", "1 2 3 12 123 2026", "a-b c_d e.f g/h",
]


def _same(a: Any, b: Any) -> None:
    a, b = a.tocsr(), b.tocsr()
    assert (a.shape, a.dtype, a.indices.dtype, a.indptr.dtype) == (b.shape, b.dtype, b.indices.dtype, b.indptr.dtype)
    assert a.has_sorted_indices and b.has_sorted_indices
    assert np.array_equal(a.indices, b.indices) and np.array_equal(a.data, b.data)
    assert np.array_equal(a.indptr, b.indptr)


def _fitted(**settings: Any) -> CountVectorizer:
    return CountVectorizer(analyzer="char_wb", ngram_range=(2, 5), **settings).fit(texts()[:3000] + AWKWARD)


@pytest.mark.parametrize("settings", [{"lowercase": True}, {"lowercase": False}, {"strip_accents": "unicode"},
                                      {"binary": True}])
def test_a_char_wb_row_is_the_transform_row(settings: Any) -> None:
    vectorizer = _fitted(**settings)
    assert count_rows.countable_per_word(vectorizer)
    for text in [*texts(), *AWKWARD, " ".join(texts()[:40])]:
        _same(count_rows.row(vectorizer, text), vectorizer.transform([text]))


def test_the_model_featurizers_rows_are_the_transform_rows(trained_model: Any) -> None:
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model))
    vectorizers = [node._component.vectorizers[TEXT]  # type: ignore[attr-defined]
                   for node in agent.processor.graph_runner._instantiated_nodes.values()  # type: ignore[union-attr]
                   if isinstance(node._component, CountVectorsFeaturizer)]
    assert [v.analyzer for v in vectorizers] == ["word", "char_wb"]
    assert not count_rows.countable_per_word(vectorizers[0]) and count_rows.countable_per_word(vectorizers[1])
    for text in [*texts(), *AWKWARD]:
        _same(count_rows.row(vectorizers[1], text.lower()), vectorizers[1].transform([text.lower()]))
        _same(count_rows.row(vectorizers[0], text), vectorizers[0].transform([text]))


def test_a_word_is_analysed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The second letter with the same words makes no n-grams at all (scikit-learn made them every time)."""
    from bench.latency import LETTERS

    vectorizer = _fitted()
    analysed: List[str] = []
    ngrams = CountVectorizer._char_wb_ngrams

    def counting(self: CountVectorizer, text: str) -> List[str]:
        analysed.append(text)
        return ngrams(self, text)  # type: ignore[no-any-return]

    monkeypatch.setattr(CountVectorizer, "_char_wb_ngrams", counting)
    first = count_rows.row(vectorizer, LETTERS[0])
    assert len(analysed) == len(set(LETTERS[0].lower().split()))  # each distinct word once
    analysed.clear()
    _same(count_rows.row(vectorizer, LETTERS[0]), first)
    assert analysed == []


def test_the_kept_words_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(word_memo, "WORDS_KEPT", 5)
    vectorizer = _fitted()
    text = "een twee drie vier vijf zes zeven acht"
    _same(count_rows.row(vectorizer, text), vectorizer.transform([text]))
    assert len(vectorizer.__dict__["_huurwijzer_word_counts"]) <= 5


@pytest.mark.parametrize("lowercase", [True, False])
def test_tokens_are_cleaned_up_as_rasa_does(lowercase: bool) -> None:
    featurizer = CountVectorsFeaturizer({**CountVectorsFeaturizer.get_default_config(), "lowercase": lowercase},
                                        None, None, SimpleNamespace(node_name="counts", is_finetuning=False))  # type: ignore[arg-type]
    tokens = ["Kraan", "12", "12abc", "3,5", "2e", "nr.4", "ÉÉN", "İ", "€12", "__NUMBER__", "", "٣", "1-2", "Kraan"]
    for _ in range(2):  # kept the second time
        assert count_rows.processed_tokens(featurizer, tokens) == featurizer._process_tokens(tokens, TEXT)


def test_the_servers_featurizer_makes_a_words_ngrams_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """bot.sentence_features counts through count_rows: the second letter makes no n-grams (Rasa's path,
    scikit-learn's transform, made all of them again)."""
    from bench.latency import LETTERS

    vectorizer = _fitted()
    featurizer = SimpleNamespace(vectorizers={TEXT: vectorizer})
    tokens = LETTERS[1].lower().split()
    first = sentence_features.sentence_row(featurizer, TEXT, tokens)
    calls: List[str] = []
    monkeypatch.setattr(CountVectorizer, "_char_wb_ngrams", lambda self, text: calls.append(text) or [])
    again = sentence_features.sentence_row(featurizer, TEXT, tokens)
    assert calls == []
    assert np.array_equal(first.col, again.col) and np.array_equal(first.data, again.data)
