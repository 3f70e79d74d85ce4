"""Ranks knowledge entries by how close a question is to their phrasings and title.

Character n-grams make the match robust to spelling mistakes, inflections and Dutch compounds
("kraanleertje" still matches "kraan"). The index is rebuilt with the knowledge base, so new
phrasings help retrieval at once; the topic classifier picks them up at the next training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, List, Optional, Sequence, Tuple

from huurwijzer.content.knowledge import Entry, KnowledgeBase


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float


def phrasings(entry: Entry) -> Tuple[str, ...]:
    return (entry.title, *entry.questions)


def english_texts(entry: Entry) -> Tuple[str, ...]:
    """English questions are matched against the English answers (there are no English phrasings),
    an outdated one too: it still names the entry's subject, and the tenant is given the Dutch answer."""
    english = entry.answer_en or entry.answer_en_outdated
    return (english,) if english else ()


class RetrievalIndex:
    def __init__(self, knowledge: KnowledgeBase, texts: Callable[[Entry], Tuple[str, ...]] = phrasings) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self._entries: Tuple[Entry, ...] = tuple(e for e in knowledge.published() if texts(e))
        documents: List[str] = []
        owners: List[int] = []
        for index, entry in enumerate(self._entries):
            for text in texts(entry):
                documents.append(text)
                owners.append(index)
        self._owners = owners
        self._vectorizer = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), lowercase=True,
            strip_accents="unicode", sublinear_tf=True,
        )
        self._matrix = self._vectorizer.fit_transform(documents) if documents else None
        # One document per entry as well: a question that shares words with several phrasings
        # of an entry is closer to it than to a single look-alike phrasing elsewhere.
        self._entry_matrix = (
            self._vectorizer.transform([" ".join(texts(e)) for e in self._entries])
            if documents else None
        )

    def rank(self, query: str, topics: Optional[Collection[str]] = None, limit: int = 3) -> List[Match]:
        """Best entries first, at most one per entry, restricted to `topics` when given."""
        if self._matrix is None or self._entry_matrix is None or not query.strip():
            return []
        vector = self._vectorizer.transform([query]).T
        scores = (self._matrix @ vector).toarray().ravel()
        entry_scores = (self._entry_matrix @ vector).toarray().ravel()
        best: dict[int, float] = {}
        for doc, score in enumerate(scores):
            owner = self._owners[doc]
            if topics is not None and self._entries[owner].topic not in topics:
                continue
            best[owner] = max(best.get(owner, -1.0), float(score))
        best = {owner: (score + float(entry_scores[owner])) / 2 for owner, score in best.items()}
        ordered = sorted(best.items(), key=lambda item: (-item[1], self._entries[item[0]].id))
        return [Match(self._entries[i], s) for i, s in ordered[:limit]]


def overview_entry(knowledge: KnowledgeBase, topic: str) -> Optional[Entry]:
    """The entry to show when only the topic is known (a button click)."""
    entries: Sequence[Entry] = knowledge.by_topic(topic)
    for entry in entries:
        if entry.overview:
            return entry
    return entries[0] if entries else None
