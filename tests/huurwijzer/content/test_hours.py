from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from huurwijzer.content.hours import describe_week, is_open, next_opening, parse_interval, parse_week

AMS = ZoneInfo("Europe/Amsterdam")
WEEK = parse_week({
    "maandag": "08:30-17:00", "dinsdag": "08:30-17:00", "woensdag": "08:30-17:00",
    "donderdag": "08:30-17:00", "vrijdag": "08:30-12:30", "zaterdag": "gesloten", "zondag": "gesloten",
})


def test_open_inside_and_closed_outside_hours() -> None:
    assert is_open(WEEK, (), datetime(2026, 11, 23, 9, 0, tzinfo=AMS))  # Monday
    assert not is_open(WEEK, (), datetime(2026, 11, 23, 17, 0, tzinfo=AMS))  # end is exclusive
    assert not is_open(WEEK, (), datetime(2026, 11, 27, 13, 0, tzinfo=AMS))  # Friday afternoon
    assert not is_open(WEEK, (), datetime(2026, 11, 28, 10, 0, tzinfo=AMS))  # Saturday


def test_holiday_is_closed_and_skipped_for_next_opening() -> None:
    christmas = datetime(2026, 12, 25, 10, 0, tzinfo=AMS)  # a Friday
    assert not is_open(WEEK, (date(2026, 12, 25),), christmas)
    assert next_opening(WEEK, (date(2026, 12, 25),), christmas) == datetime(2026, 12, 28, 8, 30, tzinfo=AMS)


def test_next_opening_after_weekend_and_same_day() -> None:
    saturday = datetime(2026, 11, 28, 22, 0, tzinfo=AMS)
    assert next_opening(WEEK, (), saturday) == datetime(2026, 11, 30, 8, 30, tzinfo=AMS)
    early = datetime(2026, 11, 24, 7, 0, tzinfo=AMS)
    assert next_opening(WEEK, (), early) == datetime(2026, 11, 24, 8, 30, tzinfo=AMS)


def test_describe_week_groups_equal_days() -> None:
    assert describe_week(WEEK) == "maandag t/m donderdag 08:30-17:00, vrijdag 08:30-12:30"
    assert describe_week(WEEK, english=True) == "Monday to Thursday 08:30-17:00, Friday 08:30-12:30"


@pytest.mark.parametrize("text", ["8-17", "17:00-08:00", "open", ""])
def test_bad_interval_gets_a_dutch_message(text: str) -> None:
    with pytest.raises(ValueError, match="tijd|eindtijd"):
        parse_interval(text)
