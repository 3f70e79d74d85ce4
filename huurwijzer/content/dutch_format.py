"""Dutch formatting of dates and money (€ 1.234,56; 1 juli 2026)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from huurwijzer.content.hours import WEEKDAYS

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)


def format_date(value: date) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_moment(value: datetime, today: date) -> str:
    """'vandaag om 13:00', 'morgen om 08:30' or 'maandag 23 november om 08:30'."""
    clock = f"{value:%H:%M}"
    delta = (value.date() - today).days
    if delta == 0:
        return f"vandaag om {clock}"
    if delta == 1:
        return f"morgen om {clock}"
    return f"{WEEKDAYS[value.weekday()]} {value.day} {MONTHS[value.month - 1]} om {clock}"


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
