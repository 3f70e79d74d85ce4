from datetime import date, datetime
from decimal import Decimal

from huurwijzer.content.dutch_format import format_date, format_moment, format_money


def test_money_uses_dutch_separators() -> None:
    assert format_money(Decimal("1234.56")) == "€ 1.234,56"
    assert format_money(Decimal("4.755")) == "€ 4,76"
    assert format_money(Decimal("-1000000")) == "-€ 1.000.000,00"
    assert format_money(Decimal("0")) == "€ 0,00"


def test_dates_in_dutch() -> None:
    assert format_date(date(2026, 7, 1)) == "1 juli 2026"
    today = date(2026, 11, 22)
    assert format_moment(datetime(2026, 11, 22, 13, 0), today) == "vandaag om 13:00"
    assert format_moment(datetime(2026, 11, 23, 8, 30), today) == "morgen om 08:30"
    assert format_moment(datetime(2026, 11, 30, 8, 30), today) == "maandag 30 november om 08:30"


def test_dates_in_english_for_english_conversations() -> None:
    assert format_date(date(2026, 7, 1), english=True) == "1 July 2026"
    today = date(2026, 11, 22)
    assert format_moment(datetime(2026, 11, 22, 13, 0), today, english=True) == "today at 13:00"
    assert format_moment(datetime(2026, 11, 23, 8, 30), today, english=True) == "tomorrow at 08:30"
    assert format_moment(datetime(2026, 11, 30, 8, 30), today, english=True) == "Monday 30 November at 08:30"
