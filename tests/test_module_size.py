"""Small modules: no Python file of ours over 300 lines (issue 16). A long module is split by meaning,
into modules whose names say what they hold."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("huurwijzer", "actions", "bot", "console")
LIMIT = 300


def lengths() -> Dict[str, int]:
    return {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
            for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def test_no_module_is_over_300_lines() -> None:
    assert {name: n for name, n in lengths().items() if n > LIMIT} == {}

