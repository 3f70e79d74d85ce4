"""Opening hours: is a channel open now, and when does it open next."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Container, Mapping, Optional, Tuple

WEEKDAYS: Tuple[str, ...] = (
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
)
ENGLISH_WEEKDAYS: Tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True)
class Interval:
    start: time
    end: time


@dataclass(frozen=True)
class WeeklyHours:
    """Index 0 is Monday; None means closed that day."""

    days: Tuple[Optional[Interval], ...]


def parse_interval(text: str) -> Optional[Interval]:
    """Parses "08:30-17:00"; "gesloten" means closed. Raises ValueError otherwise."""
    if text.strip().lower() == "gesloten":
        return None
    match = _RANGE.match(text)
    if not match:
        raise ValueError(f"'{text}' is geen tijd als 08:30-17:00 of 'gesloten'")
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    start, end = time(h1, m1), time(h2, m2)
    if end <= start:
        raise ValueError(f"'{text}': de eindtijd ligt niet na de begintijd")
    return Interval(start, end)


def parse_week(raw: Mapping[str, str]) -> WeeklyHours:
    missing = [d for d in WEEKDAYS if d not in raw]
    if missing:
        raise ValueError(f"dagen ontbreken: {', '.join(missing)}")
    return WeeklyHours(tuple(parse_interval(str(raw[d])) for d in WEEKDAYS))


def is_open(hours: WeeklyHours, holidays: Container[date], now: datetime) -> bool:
    if now.date() in holidays:
        return False
    interval = hours.days[now.weekday()]
    return interval is not None and interval.start <= now.time() < interval.end


def next_opening(hours: WeeklyHours, holidays: Container[date], now: datetime) -> Optional[datetime]:
    """The next moment the channel opens after `now` (within two weeks), or None."""
    for offset in range(15):
        day = now.date() + timedelta(days=offset)
        interval = hours.days[day.weekday()]
        if interval is None or day in holidays:
            continue
        opens = datetime.combine(day, interval.start, tzinfo=now.tzinfo)
        if opens > now:
            return opens
    return None


def describe_week(hours: WeeklyHours, english: bool = False) -> str:
    """'maandag t/m donderdag 08:30-17:00, vrijdag 08:30-12:30' (closed days left out); in English
    'Monday to Thursday 08:30-17:00, Friday 08:30-12:30'."""
    names, through, closed = (ENGLISH_WEEKDAYS, "to", "closed") if english else (WEEKDAYS, "t/m", "gesloten")
    parts = []
    i = 0
    while i < 7:
        interval = hours.days[i]
        j = i
        while j + 1 < 7 and hours.days[j + 1] == interval:
            j += 1
        if interval is not None:
            span = f"{interval.start:%H:%M}-{interval.end:%H:%M}"
            days = names[i] if i == j else f"{names[i]} {through} {names[j]}"
            parts.append(f"{days} {span}")
        i = j + 1
    return ", ".join(parts) if parts else closed
