"""Ending the tenancy (QA, session 22): "huur opzeggen", "ik wil de huur opzeggen" and "ik heb een huis gekocht en wil
de huur opzeggen" got "Gecondoleerd met uw verlies", the answer for ending the rent after a death: its phrasing "huur
opzeggen na overlijden" was nearer than any of the general entry's. The general entry has the plain wish as a
phrasing; a death named keeps the death answer."""

from __future__ import annotations

import pytest

from huurwijzer.content.loader import Content
from huurwijzer.content.retrieval import RetrievalIndex


@pytest.mark.parametrize("question, entry_id", [
    ("huur opzeggen", "huur-opzeggen"),
    ("ik wil de huur opzeggen", "huur-opzeggen"),
    ("ik heb een huis gekocht en wil de huur opzeggen", "huur-opzeggen"),
    ("kan ik de huur opzeggen per 1 januari?", "huur-opzeggen"),
    ("mijn moeder is overleden, hoe zeg ik haar huur op?", "opzeggen-na-overlijden"),
    ("mijn man is overleden, moet ik de huur opzeggen?", "opzeggen-na-overlijden"),
])
def test_ending_the_rent_gets_the_general_answer_unless_someone_died(content: Content, question: str,
                                                                     entry_id: str) -> None:
    best = RetrievalIndex(content.knowledge).rank(question, topics={"move_out"}, limit=1)[0].entry
    assert best.id == entry_id
