"""The fallback's first stage: a few likely answers as buttons, so that a message the assistant
could not place with confidence is one click from its answer rather than a dead end.

Which topics are offered (docs/nlu.md, "Fallback suggestions"):
1. the classifier's most likely topics, in its order, a personal intent counted for its topic
   ("my_rent" offers rent payment), each topic once;
2. a repair object and defect the message names (the repair analysis) is offered as who repairs
   that object: in place of who-repairs' own entry when that topic is among them, else in place of
   a third topic the classifier barely believes in; the button comes first;
3. a topic the message names in its own words ("klacht", "afval", "verzekering": the gate's
   words, huurwijzer.conversation.understanding.named_topics) that the classifier ranks at all
   takes the place of the last topic that was neither named nor the repair;
4. fewer likely topics than places: the knowledge index's best topics for the question fill them.
At most three buttons and "Iets anders": four is as many as a tenant reads at a glance.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence

from huurwijzer.content.knowledge import Entry
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis, analyse
from huurwijzer.content.repairs import RepairObject
from huurwijzer.content.replies import Button
from huurwijzer.content.retrieval import overview_entry
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.answering import (
    MIN_ENGLISH_SCORE,
    MIN_ENTRY_SCORE,
    REPAIR_PREFIX,
    REPAIR_TOPIC,
    best_guess_topic,
    choice_payload,
    object_name,
)
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.understanding import named_topics

# Buttons besides "Iets anders".
SUGGESTIONS = 3
# A third topic with at most this share of the classifier's probability is a guess: a repair object
# and defect named in the message is better evidence for that place (on the retired blind sets'
# fallbacks the named object was the right topic about one time in five, the classifier's third
# topic about one time in ten).
WEAK_GUESS = 0.1


def topic_shares(ranking: Sequence[Mapping[str, Any]]) -> Dict[str, float]:
    """The classifier's ranking as service topics, in its order: a personal intent counts for its
    topic, and a topic's share is the sum of its intents' confidences."""
    shares: Dict[str, float] = {}
    for item in ranking:
        topic = service_topic_of(str(item.get("name")))
        if topic is not None:
            shares[topic] = shares.get(topic, 0.0) + float(item.get("confidence") or 0.0)
    return shares


def likely_topics(shares: Mapping[str, float], question: str, repair_named: bool,
                  retrieved: Sequence[str]) -> List[str]:
    """The topics to offer, best first (see the module's docstring); `retrieved` is the knowledge
    index's topic order for the question."""
    ranked = list(shares)
    chosen = ranked[:SUGGESTIONS]
    if repair_named and REPAIR_TOPIC not in chosen:
        if len(chosen) < SUGGESTIONS:
            chosen.append(REPAIR_TOPIC)
        elif shares[chosen[-1]] <= WEAK_GUESS:
            chosen[-1] = REPAIR_TOPIC
    for topic in retrieved:
        if len(chosen) >= SUGGESTIONS:
            break
        if topic not in chosen:
            chosen.append(topic)
    named = named_topics(question)
    kept = named | ({REPAIR_TOPIC} if repair_named else set())
    for topic in ranked:
        if topic not in named or topic in chosen:
            continue
        if len(chosen) < SUGGESTIONS:
            chosen.append(topic)
            continue
        place = next((i for i in range(len(chosen) - 1, 0, -1) if chosen[i] not in kept), None)
        if place is not None:
            chosen[place] = topic
    return chosen


def repair_button(content: Content, obj: RepairObject) -> Button:
    return Button(reply_text(content, "fallback_repair", {"onderdeel": object_name(content, obj)}),
                  choice_payload(REPAIR_TOPIC, f"{REPAIR_PREFIX}{obj.id}"))


def suggest_topics(content: Content, ranking: Sequence[Mapping[str, Any]], question: str,
                   analysis: Optional[Callable[[], RepairAnalysis]] = None) -> Reply:
    """First fallback stage: the likeliest answers as buttons (at most three), plus 'something else'.
    Each topic's button is its entry closest to the question (an English question is matched
    against the English answers) when the answer would trust it (MIN_ENTRY_SCORE), else the topic's
    overview: a far-fetched entry's title reads like a wrong guess."""
    focused = focus(question).text  # greeting, signature, name and address set aside
    english = content.language == ENGLISH
    index = content.index_en if english else content.index
    matches = index.rank(question if english else focused, limit=len(content.knowledge.entries))
    trusted = MIN_ENGLISH_SCORE if english else MIN_ENTRY_SCORE
    best: Dict[str, Optional[Entry]] = {}
    for match in matches:
        best.setdefault(match.entry.topic, match.entry if match.score >= trusted else None)
    # The repair analysis runs on every message: a named repair object and defect is offered too,
    # so a tenant whose question the classifier could not place still gets who repairs it in one click.
    found = analysis() if analysis is not None else analyse(content.repairs, focused)  # the fallback's, once
    repair: Optional[RepairObject] = found.object if found.names_repair else None
    topics = likely_topics(topic_shares(ranking), question, repair is not None, list(best))
    buttons: List[Button] = []
    for topic in topics:
        if topic == REPAIR_TOPIC and repair is not None:
            buttons.insert(0, repair_button(content, repair))
            continue
        entry = best.get(topic) or overview_entry(content.knowledge, topic)
        if entry is not None:
            buttons.append(Button(entry.shown_title(english), choice_payload(entry.topic, entry.id)))
    topic, confidence = best_guess_topic(ranking)
    return fixed_reply(content, "fallback_suggest", AnswerMetadata(topic, confidence), buttons=buttons)
