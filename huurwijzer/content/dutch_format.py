"""Dutch formatting of dates and money (€ 1.234,56; 1 juli 2026), and dates in English for the
personal answers of an English conversation (1 July 2026; knowledge/languages.yml)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from huurwijzer.content.hours import ENGLISH_WEEKDAYS, WEEKDAYS

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def format_date(value: date, english: bool = False) -> str:
    return f"{value.day} {(ENGLISH_MONTHS if english else MONTHS)[value.month - 1]} {value.year}"


def format_moment(value: datetime, today: date, english: bool = False) -> str:
    """'vandaag om 13:00', 'morgen om 08:30' or 'maandag 23 november om 08:30' (English: 'today at
    13:00', 'tomorrow at 08:30', 'Monday 23 November at 08:30')."""
    clock = f"{value:%H:%M}"
    delta = (value.date() - today).days
    at = "at" if english else "om"
    if delta in (0, 1):
        day = (("today", "tomorrow") if english else ("vandaag", "morgen"))[delta]
        return f"{day} {at} {clock}"
    weekday = (ENGLISH_WEEKDAYS if english else WEEKDAYS)[value.weekday()]
    return f"{weekday} {value.day} {(ENGLISH_MONTHS if english else MONTHS)[value.month - 1]} {at} {clock}"


def format_money(amount: Decimal) -> str:
    cents = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    whole, frac = f"{abs(cents):.2f}".split(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}€ {'.'.join(groups)},{frac}"
