"""The review inbox: questions the assistant could not answer, answered with low confidence, or
answers a tenant gave a thumbs-down, grouped by similarity and counted (texts masked)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import List, Mapping, Optional

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from huurwijzer.reports.unanswered import CATEGORIES, normalise, report, unanswered
from huurwijzer.tenancy.answer_feedback import answer_feedback

THUMBS_DOWN = "thumbs_down"
LABELS = {**CATEGORIES, THUMBS_DOWN: "Antwoord kreeg een duim omlaag (👎)"}


@dataclass(frozen=True)
class Group:
    key: str  # stable across page loads: category, topic and the normalised example
    category: str
    topic: Optional[str]
    example: str  # for thumbs-down: the entry id
    count: int
    outcome: Optional[str]  # set once handled

    @property
    def label(self) -> str:
        return LABELS[self.category]

    @property
    def anchor(self) -> str:
        return hashlib.sha256(self.key.encode()).hexdigest()[:16]


def groups(tracker: Optional[Connection], session: Session, handled: Mapping[str, str]) -> List[Group]:
    found: List[Group] = []
    if tracker is not None and inspect(tracker).has_table("events"):
        for line in report(unanswered(tracker)):
            key = f"{line.category}|{line.topic or '-'}|{normalise(line.example)}"
            found.append(Group(key, line.category, line.topic, line.example, line.count, handled.get(key)))
    if inspect(session.connection()).has_table("answer_feedback"):
        f = answer_feedback
        rows = session.execute(select(f.c.knowledge_id, func.count()).where(f.c.helpful.is_(False))
                               .group_by(f.c.knowledge_id).order_by(func.count().desc()))
        for knowledge_id, count in rows:
            key = f"{THUMBS_DOWN}|{knowledge_id}|{count}"  # a new thumbs-down opens the group again
            found.append(Group(key, THUMBS_DOWN, None, str(knowledge_id), int(count), handled.get(key)))
    return found


def by_anchor(items: List[Group], anchor: str) -> Optional[Group]:
    return next((g for g in items if g.anchor == anchor), None)


_PLACEHOLDER = re.compile(r"\[[^\]]*\]")  # masked data: "[postcode]", "[weggelaten]"


def has_words(example: str) -> bool:
    """A question to learn a phrasing from has a letter outside the masked parts."""
    return any(ch.isalpha() for ch in _PLACEHOLDER.sub(" ", example))
