"""Editing a copied knowledge file in a test, as a staff member would: one text replaced by another."""

from __future__ import annotations

from pathlib import Path


def edit(path: Path, old: str, new: str) -> str:
    """`old` (which must be there) replaced once by `new` in the file; returns the new text."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    return edited
