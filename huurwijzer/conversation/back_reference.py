"""A who-repairs question that points back at the previous answer ("wie moet dat betalen?" right after
the instructions for a big leak) names no part, so the repair table found none and the answer said the
part is not in the list. Such a question is read against the previous answer's subject (a repair-table
object, or an entry whose title names one); without a subject the assistant asks what it is about.
In English the same question names no part either, but gets the general answer about who repairs what
(answering.answer_variants), or, when the classifier cannot place it, the fallback: with a subject
before it, both are read against that subject too (without one they stay as they are).
Plain functions (the previous answer from the tracker's events as dicts); no Rasa types."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import RepairAnalysis, analyse
from huurwijzer.content.repairs import RepairMatch
from huurwijzer.conversation.answering import (
    REPAIR_PREFIX,
    REPAIR_TOPIC,
    REPAIR_UNKNOWN,
    object_name,
    repair_answer,
    who_repairs,
)
from huurwijzer.conversation.message_focus import focus
from huurwijzer.conversation.reply import Reply, context_in, fixed_reply, knowledge_id_in, reply_text

# The answer a question naming no part of the repair table gets (answering.repair_choice).
NOT_IN_THE_LIST = REPAIR_UNKNOWN
# A question pointing back is short ("who pays for that?"); a longer English one that got a general
# answer says more than "that" and keeps it.
MAX_WORDS = 8
_POINTS_BACK = re.compile(r"\b(?:dat|dit|het|die|deze|daar(?:van|voor|aan)?|hier(?:van|voor|aan)?|ervoor|ervan"
                          r"|that|this|it)\b", re.I)


def points_back(text: str) -> bool:
    """'dat', 'dit', 'het', 'daarvoor', 'that', 'it' ...: the question is about something said before."""
    return bool(_POINTS_BACK.search(text))


def previous_subject(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The knowledge id of the answer given just before the latest message (`events` oldest first, as
    the tracker sends them): `repair/<object>` or an entry id; None when that answer had none."""
    return _previous(events, knowledge_id_in)


def previous_context(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The context (reply.CONTEXT_KEY) of the answer given just before the latest message; None without one."""
    return _previous(events, context_in)


def _previous(events: Iterable[Mapping[str, Any]], read: Callable[[Mapping[str, Any]], Optional[str]]) -> Optional[str]:
    """What `read` finds in the metadata of the answer given just before the latest message."""
    seen_latest = False
    # Read from the end without copying: every turn asks (sdk_turn.turn_from), and a long conversation has
    # many events, of which only the last turn's are read.
    for event in reversed(events) if isinstance(events, Sequence) else reversed(list(events)):
        if event.get("event") == "user":
            if seen_latest:
                return None
            seen_latest = True
        elif event.get("event") == "bot" and seen_latest:
            custom = (event.get("data") or {}).get("custom")
            found = read(custom) if isinstance(custom, Mapping) else None
            if found:
                return found
    return None


def read_against_previous(content: Content, reply: Reply, question: str, previous: Optional[str]) -> Reply:
    """`reply` itself, unless it says the part is not in the list (in English: gives the general
    answer) to a question that points back: then the answer for the subject of the previous answer
    (its knowledge id `previous`, kernel.Turn.previous_answer), led by what the question was read as,
    or (in Dutch) the question what it is about."""
    english_general = _english_general(content, reply)
    if (reply.reply_name != NOT_IN_THE_LIST and not english_general) or question.startswith("/"):
        return reply
    focused = focus(question).text
    if not points_back(focused) or (english_general and not _names_no_part(
            content, focused, analyse(content.repairs, focused))):
        return reply
    confidence = reply.metadata.confidence
    subject, answer = subject_answer(content, focused, previous, confidence)
    if answer is None:
        if english_general:
            return reply
        return fixed_reply(content, "back_reference_which", replace(reply.metadata, knowledge_id=None))
    return read_as(content, subject, answer)


def answer_in_fallback(content: Content, question: str, previous: Optional[str], confidence: float,
                       analysis: Optional[Callable[[], RepairAnalysis]] = None) -> Optional[Reply]:
    """For a message the classifier could not place: when it asks who repairs or pays, points back and
    names no part ("who pays for that?"), the answer for the subject of the previous answer (its
    knowledge id `previous`); else None. `analysis`: the repair analysis of the focused question, made
    once for the whole fallback (the suggestions read it too); made here when not given."""
    if question.startswith("/"):
        return None
    focused = focus(question).text
    if not points_back(focused):
        return None
    found = analysis() if analysis is not None else analyse(content.repairs, focused)
    if not found.asks_directly or not _names_no_part(content, focused, found):
        return None
    subject, answer = subject_answer(content, focused, previous, confidence)
    return read_as(content, subject, answer) if answer is not None else None


def _english_general(content: Content, reply: Reply) -> bool:
    """An English who-repairs answer from the knowledge base, not from the repair table."""
    return (content.language == ENGLISH and reply.metadata.topic == REPAIR_TOPIC and reply.reply_name is None
            and not (reply.metadata.knowledge_id or "").startswith(REPAIR_PREFIX))


def _names_no_part(content: Content, question: str, analysis: RepairAnalysis) -> bool:
    """A short question in which the repair table finds no part (`analysis`: the question's)."""
    return (len(question.split()) <= MAX_WORDS and analysis.object is None
            and not content.repairs.candidates(question))


def read_as(content: Content, subject: str, answer: Reply) -> Reply:
    """`answer` led by the subject the question was read against."""
    lead = reply_text(content, "back_reference_read_as", {"titel": subject})
    return replace(answer, text="\n".join((lead, answer.text)))


def subject_answer(content: Content, question: str, previous: Optional[str],
                   confidence: float) -> tuple[str, Optional[Reply]]:
    """The subject of the previous answer `previous` (a knowledge id) and who repairs it for `question`."""
    if not previous:
        return "", None
    if previous.startswith(REPAIR_PREFIX):
        obj = content.repairs.get(previous[len(REPAIR_PREFIX):])
        if obj is None:
            return "", None
        return object_name(content, obj), repair_answer(content, RepairMatch(obj, 1, False), confidence)
    entry = content.knowledge.get(previous)
    if entry is None:
        return "", None
    # The table reads Dutch: the entry's Dutch title names the part ("Grote lekkage" -> the water pipes).
    answer = who_repairs(content, f"{question} {entry.title}", confidence)
    return entry.shown_title(content.language == ENGLISH), answer
