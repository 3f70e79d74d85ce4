from datetime import date

import pytest

from huurwijzer.content.loader import Content

WINTER, SUMMER = date(2026, 11, 22), date(2026, 7, 1)


@pytest.mark.parametrize(("text", "kind"), [
    ("ik ruik gas in de keuken", "gas"),
    ("Het stinkt naar gas bij de meterkast!!", "gas"),
    ("er is brand in de meterkast", "brand"),
    ("de waterleiding is gesprongen en het water spuit eruit", "lekkage"),
    ("er is ingebroken, de achterdeur is opengebroken", "inbraak"),
    ("de verwarming doet het niet en het is koud", "verwarming"),
    ("het lampje van de ketel brandt niet", None),
    ("de kraan lekt een beetje", None),
    ("mijn deurbel is kapot", None),
])
def test_emergencies_are_recognised(content: Content, text: str, kind: str | None) -> None:
    found = content.emergencies.detect(text, WINTER)
    assert (found.kind if found else None) == kind
    if found:
        assert content.knowledge.get(found.entry_id) is not None


def test_no_heating_is_an_emergency_only_in_winter(content: Content) -> None:
    assert content.emergencies.detect("de cv doet het niet", WINTER) is not None
    assert content.emergencies.detect("de cv doet het niet", SUMMER) is None
