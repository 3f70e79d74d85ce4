"""Fixtures shared by the who-repairs tests: the table staff edit (knowledge/repairs.yml), and the
analysis of a message as the assistant makes it, on the message's focus (its question, not the story
around it)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from huurwijzer.content.repair_analysis import RepairAnalysis, analyse
from huurwijzer.content.repairs import RepairTable, load_repairs
from huurwijzer.conversation.message_focus import focus

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def table() -> RepairTable:
    return load_repairs(ROOT / "knowledge" / "repairs.yml")


@pytest.fixture(scope="module")
def analysed(table: RepairTable) -> Callable[[str], RepairAnalysis]:
    """What the analysis makes of a tenant's message."""

    def analysis(text: str) -> RepairAnalysis:
        return analyse(table, focus(text).text)

    return analysis
