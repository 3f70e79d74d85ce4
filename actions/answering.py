"""What the assistant answers: plain functions, no Rasa types, so they test in isolation."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple
from zoneinfo import ZoneInfo

from actions.content import Content
from actions.dutch_format import format_moment
from actions.hours import is_open, next_opening
from actions.knowledge import render
from actions.retrieval import overview_entry
from actions.topics import service_topics, topic_for_intent

# Below this retrieval score an answer from the predicted topic is not trusted to be the right
# entry; the overview entry of the topic is shown instead.
MIN_ENTRY_SCORE = 0.25
SUGGESTIONS = 3


@dataclass(frozen=True)
class AnswerMetadata:
    topic: str
    confidence: float
    knowledge_id: Optional[str] = None
    responsible_party: Optional[str] = None

    def as_payload(self) -> Dict[str, Any]:
        return {
            "topic": self.topic,
            "confidence": round(min(max(self.confidence, 0.0), 1.0), 4),
            "knowledge_id": self.knowledge_id,
            "responsible_party": self.responsible_party,
        }


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot turn: a domain response or a knowledge text, then the metadata message."""

    metadata: AnswerMetadata
    response: Optional[str] = None
    text: Optional[str] = None
    variables: Mapping[str, str] = field(default_factory=dict)
    buttons: Tuple[Button, ...] = ()


def basic_reply(content: Content, intent: str, confidence: float) -> Reply:
    topic = topic_for_intent(intent) or "chitchat"
    return Reply(
        metadata=AnswerMetadata(topic, confidence),
        response=f"utter_{intent}",
        variables=content.profile.variables,
    )


def answer_question(
    content: Content, intent: str, confidence: float, question: str, chosen_id: Optional[str]
) -> Reply:
    """Answers a question the NLU put under topic `intent` (a service topic)."""
    entry = content.knowledge.get(chosen_id) if chosen_id else None
    if entry is None and not question.startswith("/"):
        matches = content.index.rank(question, topics={intent}, limit=1)
        if matches and matches[0].score >= MIN_ENTRY_SCORE:
            entry = matches[0].entry
    if entry is None:
        entry = overview_entry(content.knowledge, intent)
    if entry is None:
        return Reply(metadata=AnswerMetadata(intent, confidence), response="utter_no_answer_yet",
                     variables=content.profile.variables)
    text = render(entry.answer, content.profile.variables)
    links = [f"- {link.title}: {render(link.url, content.profile.variables)}" for link in entry.links]
    if links:
        text = text + "\n\nMeer informatie:\n" + "\n".join(links)
    return Reply(metadata=AnswerMetadata(entry.topic, confidence, knowledge_id=entry.id), text=text)


def empty_message_reply(content: Content) -> Reply:
    return Reply(metadata=AnswerMetadata("chitchat", 0.0), response="utter_empty_message",
                 variables=content.profile.variables)


def best_guess_topic(ranking: Sequence[Mapping[str, Any]]) -> Tuple[str, float]:
    for item in ranking:
        topic = topic_for_intent(str(item.get("name")))
        if topic:
            return topic, float(item.get("confidence") or 0.0)
    return "out_of_scope", 0.0


def suggest_topics(
    content: Content, ranking: Sequence[Mapping[str, Any]], question: str
) -> Reply:
    """First fallback stage: the 2-3 most likely entries as buttons, plus 'something else'."""
    topics = service_topics()
    likely = [str(i["name"]) for i in ranking if str(i.get("name")) in topics][:SUGGESTIONS]
    chosen: List[Button] = []
    seen = set()
    for topic in likely:
        matches = content.index.rank(question, topics={topic}, limit=1)
        entry = matches[0].entry if matches else overview_entry(content.knowledge, topic)
        if entry is not None and entry.id not in seen:
            seen.add(entry.id)
            payload = f"/{entry.topic}" + json.dumps({"knowledge_id": entry.id}, separators=(",", ":"))
            chosen.append(Button(entry.title, payload))
    chosen.append(Button("Iets anders", "/deny"))
    topic, confidence = best_guess_topic(ranking)
    return Reply(metadata=AnswerMetadata(topic, confidence), response="utter_fallback_suggest",
                 variables=content.profile.variables, buttons=tuple(chosen))


def contact_route(
    content: Content, now: datetime, response_prefix: str, metadata: AnswerMetadata
) -> Reply:
    """How to reach a person right now: open hours, or the emergency number and when staff are back."""
    profile = content.profile
    holidays = profile.holidays
    variables = dict(profile.variables)
    if is_open(profile.phone_hours, holidays, now):
        response = f"{response_prefix}_open"
    else:
        response = f"{response_prefix}_closed"
        back = next_opening(profile.phone_hours, holidays, now)
        variables["weer_bereikbaar"] = format_moment(back, now.date()) if back else "op de volgende werkdag"
    return Reply(metadata=metadata, response=response, variables=variables)


def local_now(timezone: str) -> datetime:
    return datetime.now(ZoneInfo(timezone))
