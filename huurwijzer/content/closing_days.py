"""Days the office is closed: the country's public holidays from the maintained `holidays`
library (so nobody types Easter Monday by hand) plus the corporation's own closing days."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, FrozenSet, Mapping, Tuple

_ONCE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_YEARLY = re.compile(r"^(\d{2})-(\d{2})$")


class ClosingDaysError(ValueError):
    """The profile's `feestdagen` cannot be used; the message says what to fix, in Dutch."""


@dataclass(frozen=True)
class ClosingDays:
    """`day in closing_days` is True on a public holiday we close for or one of our own days."""

    country: str
    open_on: FrozenSet[str] = frozenset()  # holiday names (lower case) on which we are open anyway
    once: FrozenSet[date] = frozenset()
    yearly: FrozenSet[Tuple[int, int]] = frozenset()  # (month, day), every year
    _years: Dict[int, Mapping[date, str]] = field(default_factory=dict, compare=False, repr=False)

    def public_holidays(self, year: int) -> Mapping[date, str]:
        """The country's holidays of `year` with their Dutch names, from the `holidays` library."""
        if year not in self._years:
            import holidays

            found = holidays.country_holidays(self.country, years=year, language="nl")
            self._years[year] = {day: str(name) for day, name in found.items()}
        return self._years[year]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        if day in self.once or (day.month, day.day) in self.yearly:
            return True
        name = self.public_holidays(day.year).get(day)
        return name is not None and name.lower() not in self.open_on


def parse_closing_days(raw: Any) -> ClosingDays:
    if not isinstance(raw, Mapping):
        raise ClosingDaysError("'feestdagen' moet velden hebben: land, open_op en eigen_sluitingsdagen")
    country = raw.get("land")
    if not isinstance(country, str) or not country.strip():
        raise ClosingDaysError("'feestdagen.land' ontbreekt (bijvoorbeeld NL)")
    import holidays

    if country.strip().upper() not in holidays.list_supported_countries():
        raise ClosingDaysError(f"'feestdagen.land': land '{country}' is onbekend; gebruik een landcode als NL")
    open_on = raw.get("open_op") or []
    if not isinstance(open_on, list) or not all(isinstance(n, str) and n.strip() for n in open_on):
        raise ClosingDaysError("'feestdagen.open_op' moet een lijst met namen van feestdagen zijn")
    once, yearly = set(), set()
    for item in raw.get("eigen_sluitingsdagen") or []:
        if isinstance(item, date):
            once.add(item)
            continue
        text = str(item).strip()
        full, every = _ONCE.match(text), _YEARLY.match(text)
        try:
            if full:
                once.add(date(*(int(g) for g in full.groups())))
            elif every:
                month, day = (int(g) for g in every.groups())
                date(2024, month, day)  # a leap year, so 02-29 is allowed
                yearly.add((month, day))
            else:
                raise ValueError(text)
        except ValueError:
            raise ClosingDaysError(f"sluitingsdag '{item}' is geen datum als 2026-12-24 (één keer) "
                                   "of 05-05 (elk jaar)") from None
    closing = ClosingDays(country.strip().upper(), frozenset(n.strip().lower() for n in open_on),
                          frozenset(once), frozenset(yearly))
    known = {name.lower() for year in range(date.today().year, date.today().year + 5)
             for name in closing.public_holidays(year).values()}
    for name in closing.open_on:
        if name not in known:
            raise ClosingDaysError(f"'feestdagen.open_op': '{name}' is geen feestdag in {closing.country}; "
                                   f"kies uit {', '.join(sorted(known))}")
    return closing
