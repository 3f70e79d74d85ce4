"""B1 wording: "Bij ons maken we ... een afspraak" says "we" twice (found by qa); a text says who
does what once ("Wij maken dan ... een afspraak met u")."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3] / "knowledge"
DOUBLE_WE = re.compile(r"\bbij ons \w+ (?:we|wij)\b", re.I)


def test_no_text_says_bij_ons_and_we_in_one_breath() -> None:
    files = [ROOT / "replies.yml", ROOT / "onboarding.yml", ROOT / "corporation.yml", *ROOT.glob("entries/*.yml")]
    found = [f"{path.name}: {match.group(0)}" for path in files
             for match in DOUBLE_WE.finditer(path.read_text(encoding="utf-8"))]
    assert found == []
