"""repair_matching.normalise folds accents of the non-ASCII runs only: the same text as folding the
whole message character by character (the reference below), for less CPU on a long letter."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterator

import pytest

from huurwijzer.content import repair_matching
from huurwijzer.content.repair_matching import normalise

ROOT = Path(__file__).resolve().parents[3]
TRICKY = ["geïsoleerd", "Geïsoleerd Dakraam", "café", "cafe\u0301", "e\u0301\u0327", "ﬁets", "Ｋraan", "İstanbul",
          "naïef—’s nachts “lekt” het", "₂CO", "½ m²", "Ⅻ", "ǅ", "ß", "Øresund", "ÆØÅ", "ĳzer", "€ 25,-", "🙂 kraan",
          "x\u0308\u0301y", "\u0301begin", "ÀÉÎÕÜ àéîõü", "tab\tnew\nline", "", "   ", "Ç̀"]


def reference(text: str) -> str:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return " ".join(repair_matching._NON_WORD.sub(" ", folded).split())


def texts() -> Iterator[str]:
    yield from TRICKY
    for folder in ("data", "knowledge", "tests/nlu"):
        for path in sorted((ROOT / folder).rglob("*.yml")):
            yield from path.read_text(encoding="utf-8").splitlines()


def test_the_same_text_as_folding_every_character() -> None:
    checked = 0
    for text in texts():
        assert normalise(text) == reference(text), text
        checked += 1
    assert checked > 5000


def test_an_ascii_letter_is_not_decomposed(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    normalize = unicodedata.normalize
    letter = "Beste mensen, de dakgoot hangt los en bij regen loopt er water naar binnen. Wie maakt dit?"
    expected = reference(letter)

    def counting(form: str, text: str) -> str:
        calls.append(text)
        return normalize(form, text)

    monkeypatch.setattr(repair_matching.unicodedata, "normalize", counting)
    assert normalise(letter) == expected
    assert normalise("De kraan in de keuken is geïsoleerd") == "de kraan in de keuken is geisoleerd"
    assert calls == ["ï"]  # only the run that needs it
