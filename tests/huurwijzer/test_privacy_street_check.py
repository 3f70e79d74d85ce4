"""The street pattern of `mask` runs only on a text that could hold a street and house number
(privacy.may_name_a_street, session 20): the same masked text as running every pattern, a letter without
one masked without the street pattern. Our own texts only (never a blind set)."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any, List

import pytest

from huurwijzer import privacy
from huurwijzer.privacy import mask

ROOT = Path(__file__).resolve().parents[2]
STREETS = ["Lindelaan 14", "lindelaan\t14", "LINDELAAN   14", "burgemeester de withstraat 5-II", "Kerkstraat 12a",
           "Oude Gracht 3 bis", "de Boulevard 7", "aan de straatweg 100", "Markt 1", "Dorpsstraat.12", "Dorpsstraat-12",
           "Dorpsstraat\n12", "ik ben onderweg 2 uur", "het speelveld 3 keer", "wijk 4", "ſtraat 3", "KAde 2",
           "Hoofdstraat", "straat 12345", "Promenade 9 en de Brink 4", "in 2009 op de Berkenlaan 31 gaan wonen",
           "x" * 30 + "laan 4", "laan 4", " laan 4", "haven  \t 8 hoog", "promenadeweg 1", "gaarde0", "erf 1e"]


def _every_pattern(text: str) -> str:
    for pattern, replacement in privacy._PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _own_texts() -> List[str]:
    sys.path.insert(0, str(ROOT / "bench"))
    from parse_identity import messages

    texts: List[str] = messages()
    return texts + STREETS + [f"Beste mensen, wij wonen aan de {s} en de goot lekt. Groet, Jan" for s in STREETS]


def test_the_check_holds_wherever_the_street_pattern_matches() -> None:
    texts = _own_texts()
    found = [t for t in texts if privacy._STREET_AND_NUMBER.search(t) is not None]
    assert len(found) > 40
    assert [t for t in found if not privacy.may_name_a_street(t)] == []
    assert sum(not privacy.may_name_a_street(t) for t in texts) > len(texts) // 2


def test_the_same_masked_text_as_every_pattern() -> None:
    texts = _own_texts()
    assert [t for t in texts if mask(t) != _every_pattern(t)] == []
    assert sum(mask(t) != t for t in texts) > 100


def test_the_longest_ending_bounds_the_look_back() -> None:
    assert re.fullmatch(r"[a-z]+(\|[a-z]+)*", privacy._STREET_END)
    assert privacy._LONGEST_END == max(len(end) for end in privacy._STREET_END.split("|")) == 9


class _Recorded:
    def __init__(self, pattern: re.Pattern[str], used: List[str]) -> None:
        self.pattern, self._real, self._used = pattern.pattern, pattern, used

    def sub(self, replacement: Any, text: str) -> str:
        self._used.append(self.pattern)
        return self._real.sub(replacement, text)


LETTER = ("Goedemiddag, al een paar weken ruikt het in de slaapkamer muf en er komen zwarte plekken op het plafond. "
          "Ik lucht elke dag en de verwarming staat aan, maar het wordt erger. Ik heb het in 2024 al gemeld. Wie moet "
          "dit oplossen? Met vriendelijke groet, Petra Jansen")


def test_a_letter_without_a_street_is_masked_without_the_street_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = mask(LETTER)
    used: List[str] = []
    street = privacy._PATTERNS[10][0]
    assert "straat" in street.pattern
    rows = [(_Recorded(row[0], used) if row[0] is street else row[0], *row[1:]) for row in privacy._PATTERNS]
    monkeypatch.setattr(privacy, "_PATTERNS", tuple(rows))
    monkeypatch.setattr(privacy, "_STREET_AND_NUMBER", rows[10][0], raising=False)
    assert mask(LETTER) == expected and "[naam]" in expected
    assert used == []
