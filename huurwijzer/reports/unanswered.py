"""Questions the assistant could not answer, read from Rasa's SQL tracker store, for staff."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, Dict, Iterator, List, Optional, Tuple

from sqlalchemy import select
from sqlalchemy.engine import Connection

from huurwijzer.conversation.answering import REPAIR_PREFIX
from huurwijzer.conversation.journey_steps import GO_ON
from huurwijzer.conversation.shared_names import REDACTED
from huurwijzer.privacy import mask
from huurwijzer.reports.events import ACTION_EVENT, EVENTS, FORM_EVENT, TURN_TYPES, opens_form

# Below this NLU confidence an answer counts as "met twijfel gegeven".
LOW_CONFIDENCE = 0.6
# Two questions whose character n-grams are at least this similar are shown as one group.
SIMILAR = 0.5
CATEGORIES = {
    "fallback": "Niet begrepen (de assistent gaf keuzes of verwees door)",
    "unknown_repair": "Onbekend onderdeel bij 'wie repareert wat'",
    "low_confidence": "Beantwoord met twijfel",
}

# In the payload of a button that chooses a repair object (huurwijzer.conversation.answering.choice_payload).
REPAIR_CHOICE = f'"knowledge_id":"{REPAIR_PREFIX}'
# Rasa's events table: huurwijzer.reports.events.EVENTS.
# Actions the fallback hands a message to that it understood after all: "ja graag" under the journey's
# offer or way back goes on with the journey (journey_steps.way_on), not an unanswered question.
UNDERSTOOD_BY = frozenset({GO_ON})


@dataclass(frozen=True)
class Unanswered:
    category: str
    text: str
    topic: Optional[str]


@dataclass(frozen=True)
class ReportLine:
    category: str
    topic: Optional[str]
    example: str
    count: int


def _turns(conn: Connection) -> Iterator[Tuple[Dict[str, Any], Dict[str, Any], bool]]:
    """(user event, metadata payload of the bot's answer, whether the answer offered repair
    objects to choose from) per turn, in conversation order. Answers to a form's question (the
    room of a repair, a contact preference) are left out: the form took them, so they were
    understood, though the classifier had no intent for them; so is a message the journey went on
    with (UNDERSTOOD_BY)."""
    query = select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.data).where(
        EVENTS.c.type_name.in_((*TURN_TYPES, ACTION_EVENT))).order_by(EVENTS.c.sender_id, EVENTS.c.id)
    last_user: Dict[str, Dict[str, Any]] = {}
    offered: Dict[str, bool] = {}
    in_form: Dict[str, bool] = {}
    for sender, kind, data in conn.execute(query):
        event = json.loads(data or "{}")
        if kind == FORM_EVENT:
            in_form[sender] = opens_form(event)
            continue
        if kind == ACTION_EVENT:
            if event.get("name") in UNDERSTOOD_BY:  # the journey took the message: understood
                last_user.pop(sender, None)
            continue
        if kind == "user":
            if in_form.get(sender):
                last_user.pop(sender, None)
                continue
            last_user[sender], offered[sender] = event, False
            continue
        payloads = [str(b.get("payload") or "") for b in (event.get("data") or {}).get("buttons") or []
                    if isinstance(b, dict)]
        if any(REPAIR_CHOICE in p for p in payloads):
            offered[sender] = True
        custom = (event.get("data") or {}).get("custom")
        if isinstance(custom, dict) and "topic" in custom and sender in last_user:
            yield last_user.pop(sender), custom, offered.pop(sender, False)


def classify(user: Dict[str, Any], meta: Dict[str, Any], offered_choice: bool = False) -> Optional[str]:
    intent = ((user.get("parse_data") or {}).get("intent") or {}).get("name")
    text = str(user.get("text") or "")
    if not text.strip() or text.startswith("/") or text.strip() == REDACTED:
        return None  # empty, a button, or an answer to a verification question
    if intent == "nlu_fallback" and not meta.get("knowledge_id"):
        # An answer with a knowledge id was given after all ("en wie betaalt dat?" read against the answer
        # before it): not "keuzes of verwees door"; it counts below as answered with doubt when it was.
        return "fallback"
    if meta.get("topic") == "repair_responsibility" and meta.get("knowledge_id") is None and not offered_choice:
        return "unknown_repair"  # not when the object is known in several forms and the tenant chooses
    if meta.get("knowledge_id") and float(meta.get("confidence") or 0) < LOW_CONFIDENCE:
        return "low_confidence"
    return None


def unanswered(conn: Connection) -> List[Unanswered]:
    found = []
    for user, meta, offered_choice in _turns(conn):
        category = classify(user, meta, offered_choice)
        if category:
            found.append(Unanswered(category, mask(str(user.get("text"))), meta.get("topic")))
    return found


def normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def _clusters(texts: List[str]) -> List[List[int]]:
    """Greedy grouping of similar wordings (character n-gram cosine >= SIMILAR)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    normalised = [normalise(t) or t for t in texts]
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 4)).fit_transform(normalised)
    groups: List[List[int]] = []
    for index in range(len(texts)):
        for group in groups:
            if (vectors[index] @ vectors[group[0]].T).toarray()[0, 0] >= SIMILAR:
                group.append(index)
                break
        else:
            groups.append([index])
    return groups


def report(items: List[Unanswered]) -> List[ReportLine]:
    """Grouped by category, best-guess topic and similar wording; largest groups first."""
    buckets: Dict[Tuple[str, Optional[str]], List[str]] = {}
    for item in items:
        buckets.setdefault((item.category, item.topic), []).append(item.text)
    lines = []
    for (category, topic), texts in buckets.items():
        for group in _clusters(texts):
            example = Counter(texts[i] for i in group).most_common(1)[0][0]
            lines.append(ReportLine(category, topic, example, len(group)))
    return sorted(lines, key=lambda line: (line.category, -line.count, line.example))
