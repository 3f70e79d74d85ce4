"""Small modules: no Python file of ours over 300 lines (issue 16). A long module is split by meaning,
into modules whose names say what they hold."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Set

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("huurwijzer", "actions", "bot", "console")
LIMIT = 300

# Temporary: being split on another branch in this round (console pages into blueprints, the
# resilience patches). The lead removes this list once those branches are merged.
# bot/channels/shared_state.py was over the limit as well and is not in that work: the lead decides.
KNOWN_LONG: Set[str] = {"console/app.py", "console/work.py", "bot/resilience.py", "bot/channels/shared_state.py"}


def lengths() -> Dict[str, int]:
    return {str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
            for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def test_no_module_is_over_300_lines() -> None:
    assert {name: n for name, n in lengths().items() if n > LIMIT and name not in KNOWN_LONG} == {}


def test_the_known_long_modules_are_still_long() -> None:
    """An entry of KNOWN_LONG that got short enough goes from the list."""
    found = lengths()
    assert {name for name in KNOWN_LONG if found.get(name, 0) <= LIMIT} == set()
