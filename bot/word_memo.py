"""A bounded per-word memo kept on the object it serves (a vectorizer, a featurizer, a tokenizer): the
NLU's inference reads the same words again and again, and the work per word never changes for a loaded
model. Emptied when full, so a long-running server's memory stays bounded."""

from __future__ import annotations

from typing import Any, Callable, Dict, TypeVar

WORDS_KEPT = 20_000  # per memo; a few MB at most

T = TypeVar("T")


def memo_on(owner: Any, name: str) -> Dict[str, Any]:
    """The memo `name` on `owner` (made on first use; lost when the owner is)."""
    memo: Dict[str, Any] = owner.__dict__.setdefault(name, {})
    return memo


def per_word(memo: Dict[str, T], word: str, work: Callable[[str], T]) -> T:
    """`work(word)`, kept in `memo`."""
    done = memo.get(word)
    if done is None:
        done = work(word)
        if len(memo) >= WORDS_KEPT:
            memo.clear()
        memo[word] = done
    return done
