"""Figures for the dashboard, from the conversation store (Rasa's events table) and the
assistant's own tables, for a date range. No message texts are read.

Days are the corporation's days (HUURWIJZER_TIMEZONE, Europe/Amsterdam): a question at 00:30
counts for the day it was asked there. The tracker stores epoch seconds, the assistant's tables
naive UTC (huurwijzer/conversation/kernel.py); both are converted."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Dict, List, Optional, Sequence, Set, Tuple
from zoneinfo import ZoneInfo

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from huurwijzer.content.onboarding_steps import Step
from huurwijzer.conversation.onboarding import report as onboarding_report
from huurwijzer.reports.events import EVENTS, EVENTS_TABLE, FORM_EVENT, TURN_TYPES, opens_form
from huurwijzer.tenancy import schema as t
from huurwijzer.tenancy.answer_feedback import answer_feedback

HANDOVER_TOPICS = ("human_handover",)


@dataclass(frozen=True)
class Day:
    day: date
    conversations: int
    messages: int


@dataclass(frozen=True)
class Figures:
    start: date
    end: date
    days: Tuple[Day, ...]
    conversations: int
    messages: int
    without_human: Optional[float]  # share of conversations never sent to a person
    fallback_rate: Optional[float]  # share of messages not understood
    topics: Tuple[Tuple[str, int], ...]  # most asked first
    satisfaction: Tuple[Tuple[date, float, int], ...]  # day, average rapportcijfer, how many
    onboarding: Tuple[Tuple[str, int], ...]  # step title, tenants who completed it
    onboarding_started: int
    feedback: Tuple[Tuple[str, int, int], ...]  # entry, helpful, not helpful


def _bounds(start: date, end: date, zone: ZoneInfo) -> Tuple[datetime, datetime]:
    """The first moment of `start` and of the day after `end` in `zone` (aware datetimes)."""
    return datetime.combine(start, time.min, zone), datetime.combine(end + timedelta(days=1), time.min, zone)


def _utc_naive(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


def _local_day(utc_naive: datetime, zone: ZoneInfo) -> date:
    return utc_naive.replace(tzinfo=timezone.utc).astimezone(zone).date()


def figures(tracker: Optional[Connection], session: Session, steps: Sequence[Step], start: date, end: date,
            zone: ZoneInfo) -> Figures:
    aware_low, aware_high = _bounds(start, end, zone)
    low, high = _utc_naive(aware_low), _utc_naive(aware_high)
    per_day_senders: Dict[date, Set[str]] = defaultdict(set)
    per_day_messages: Counter[date] = Counter()
    senders: Set[str] = set()
    handed_over: Set[str] = set()
    fallbacks = 0
    in_form: Dict[str, bool] = {}  # an answer to a form's question is no fallback (huurwijzer.reports.unanswered)
    topic_counts: Counter[str] = Counter()
    if tracker is not None and inspect(tracker).has_table(EVENTS_TABLE):
        query = (select(EVENTS.c.sender_id, EVENTS.c.type_name, EVENTS.c.timestamp, EVENTS.c.intent_name,
                        EVENTS.c.data)
                 .where(EVENTS.c.type_name.in_(TURN_TYPES),
                        EVENTS.c.timestamp >= aware_low.timestamp(), EVENTS.c.timestamp < aware_high.timestamp())
                 .order_by(EVENTS.c.sender_id, EVENTS.c.id))
        for sender, kind, stamp, intent, data in tracker.execute(query):
            if kind == FORM_EVENT:
                in_form[sender] = opens_form(json.loads(data or "{}"))
                continue
            if kind == "user":
                day = datetime.fromtimestamp(stamp, zone).date()
                per_day_senders[day].add(sender)
                per_day_messages[day] += 1
                senders.add(sender)
                fallbacks += intent == "nlu_fallback" and not in_form.get(sender, False)
                continue
            custom = ((json.loads(data or "{}").get("data") or {}).get("custom") or {})
            topic = custom.get("topic") if isinstance(custom, dict) else None
            if topic:
                topic_counts[str(topic)] += 1
                if topic in HANDOVER_TOPICS:
                    handed_over.add(sender)
    messages = sum(per_day_messages.values())
    days = []
    day = start
    while day <= end:
        days.append(Day(day, len(per_day_senders.get(day, ())), per_day_messages.get(day, 0)))
        day += timedelta(days=1)
    satisfaction: List[Tuple[date, float, int]] = []
    onboarding: Tuple[Tuple[str, int], ...] = ()
    started = 0
    feedback: List[Tuple[str, int, int]] = []
    tables = set(inspect(session.connection()).get_table_names())
    if "onboarding_feedback" in tables:
        f = t.onboarding_feedback
        rows = session.execute(select(f.c.created_at, f.c.score).where(f.c.created_at >= low, f.c.created_at < high))
        scores: Dict[date, List[int]] = defaultdict(list)
        for created, score in rows:
            scores[_local_day(created, zone)].append(int(score))
        satisfaction = [(d, sum(s) / len(s), len(s)) for d, s in sorted(scores.items())]
    if "onboarding_progress" in tables:
        result = onboarding_report(session, steps, since=low)
        onboarding = tuple((c.title, c.completed) for c in result.per_step)
        started = result.started
    if "answer_feedback" in tables:
        a = answer_feedback
        counts: Dict[str, List[int]] = defaultdict(lambda: [0, 0])
        for knowledge_id, helpful, count in session.execute(
                select(a.c.knowledge_id, a.c.helpful, func.count())
                .where(a.c.created_at >= low, a.c.created_at < high).group_by(a.c.knowledge_id, a.c.helpful)):
            counts[knowledge_id][0 if helpful else 1] += int(count)
        feedback = sorted(((k, v[0], v[1]) for k, v in counts.items()), key=lambda x: (-x[2], x[0]))
    return Figures(
        start, end, tuple(days), len(senders), messages,
        (len(senders - handed_over) / len(senders)) if senders else None,
        (fallbacks / messages) if messages else None,
        tuple(topic_counts.most_common(10)), tuple(satisfaction), onboarding, started, tuple(feedback))


def csv_rows(f: Figures) -> List[Tuple[str, str, str]]:
    """(figure, what, value) for the CSV export; values with a decimal point, as spreadsheets read them."""
    rows: List[Tuple[str, str, str]] = [
        ("periode", f"{f.start.isoformat()} t/m {f.end.isoformat()}", ""),
        ("gesprekken", "totaal", str(f.conversations)), ("berichten", "totaal", str(f.messages)),
        ("zonder medewerker", "aandeel", "" if f.without_human is None else f"{f.without_human:.3f}"),
        ("niet begrepen", "aandeel", "" if f.fallback_rate is None else f"{f.fallback_rate:.3f}"),
    ]
    for d in f.days:
        rows += [("gesprekken per dag", d.day.isoformat(), str(d.conversations)),
                 ("berichten per dag", d.day.isoformat(), str(d.messages))]
    rows += [("onderwerp", topic, str(n)) for topic, n in f.topics]
    rows += [("rapportcijfer per dag", d.isoformat(), f"{avg:.2f}") for d, avg, _ in f.satisfaction]
    rows += [("kennismaking stap", title, str(n)) for title, n in f.onboarding]
    rows += [("feedback ja", entry, str(yes)) for entry, yes, _ in f.feedback]
    rows += [("feedback nee", entry, str(no)) for entry, _, no in f.feedback]
    return rows
