"""A weighed housing signal (issue 15, "out of scope answered as a topic"; branch oos5): how much a message's words,
together, say "housing" rather than "something else", learned from the training data.

Each word's weight is the log of how much more often (per example) the service topics' examples use it than the
conversation's own intents' examples (out of scope, small talk, greetings: huurwijzer.conversation.housing_evidence
CONVERSATION_INTENTS), with both rates floored at half an example of the smaller side (below that the counts say
nothing): "huur" weighs about +5, "huis" a little, "hypotheek" and "huisarts" below zero, "ik" about nothing.
A word the training data never used is split into known parts, Dutch compounds being written as one word
("hypotheekrente" is "hypotheek" and "rente", "huurachterstand" is "huur" and "achterstand"); a word with no such
split weighs nothing. A message's evidence is the sum over its distinct words: at most zero means its words are, on
the whole, no likelier in a housing question than in a question about something else."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Dict, Iterable, Mapping, Optional, Tuple

from huurwijzer.content.topics import service_topic_of

MIN_PART = 3  # a compound's part is a known word of at least three letters ("wet" in "huurwet")
LINKS = ("", "s", "e", "en")  # Dutch linking letters between a compound's parts ("huurderS-vereniging")
FLOOR_EXAMPLES = 0.5


@dataclass(frozen=True)
class HousingWeights:
    weight: Mapping[str, float]
    split_compounds: bool = True

    def parts(self, word: str) -> Optional[Tuple[str, ...]]:
        """A word the training data did not use, as known words written together (the longest first part
        that leaves a known rest, or a rest that splits again); None when it does not split."""
        if not self.split_compounds:
            return None
        for end in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head = word[:end]
            if head not in self.weight:
                continue
            for link in LINKS:
                rest = word[end:]
                if not rest.startswith(link) or len(rest) - len(link) < MIN_PART:
                    continue
                rest = rest[len(link):]
                if rest in self.weight:
                    return head, rest
                more = self.parts(rest)
                if more is not None:
                    return (head, *more)
        return None

    def word_weight(self, word: str) -> float:
        if word in self.weight:
            return self.weight[word]
        return sum(self.weight[part] for part in self.parts(word) or ())

    def evidence(self, words: Iterable[str]) -> float:
        """The summed weight of distinct `words` (above zero: housing is the likelier reading)."""
        return sum(self.word_weight(word) for word in set(words))


@dataclass(frozen=True)
class WordCounts:
    """In how many examples each word occurs: the service topics' (`ours`) and the conversation intents' (`theirs`)."""
    ours: Counter[str]
    theirs: Counter[str]
    n_ours: int
    n_theirs: int


def count(examples: Mapping[str, Iterable[Iterable[str]]], conversation: Iterable[str]) -> WordCounts:
    """`examples`: intent -> the word sets of its training examples; `conversation`: the intents that are not
    housing (their examples are the other side); intents of neither kind are left out."""
    others = frozenset(conversation)
    ours: Counter[str] = Counter()
    theirs: Counter[str] = Counter()
    n_ours = n_theirs = 0
    for intent, word_sets in examples.items():
        if service_topic_of(intent) is None and intent not in others:
            continue
        for found in word_sets:
            if intent in others:
                theirs.update(set(found))
                n_theirs += 1
            else:
                ours.update(set(found))
                n_ours += 1
    return WordCounts(ours, theirs, n_ours, n_theirs)


def weigh(counts: WordCounts, split_compounds: bool = True) -> HousingWeights:
    ours, theirs, n_ours, n_theirs = counts.ours, counts.theirs, counts.n_ours, counts.n_theirs
    floor = FLOOR_EXAMPLES / max(min(n_ours, n_theirs), 1)
    weight: Dict[str, float] = {
        word: math.log((ours[word] / max(n_ours, 1) + floor) / (theirs[word] / max(n_theirs, 1) + floor))
        for word in set(ours) | set(theirs)}
    return HousingWeights(weight, split_compounds)


def learn(examples: Mapping[str, Iterable[Iterable[str]]], conversation: Iterable[str],
          split_compounds: bool = True) -> HousingWeights:
    """`examples`: intent -> the word sets of its training examples; `conversation`: the intents that are not
    housing (their examples are the other side)."""
    return weigh(count(examples, conversation), split_compounds)
