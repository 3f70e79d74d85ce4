"""Long texts in the staff's YAML files stay folded over short lines when the console changes them
(ruamel.yaml writes a folded text without fold positions on one line)."""

from __future__ import annotations

from typing import Any, List, Sequence

# A folded text (`>-`) without fold positions is written on one line (the writer's width is wide, so
# that nothing else is re-wrapped): a changed folded text is folded again, at most as wide as its old lines,
# and a long text that replaces a short or quoted value (or a new one) is folded like the file's other texts.
FOLD_WIDTH = 92


def keep_folded(old: Any, new: Any) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString

    if not isinstance(new, str) or old == new:
        return new
    if not isinstance(old, FoldedScalarString):
        return _folded(new, FOLD_WIDTH) if len(new) > FOLD_WIDTH and _foldable(new) else new
    return _folded(new, _widest_line(str(old), getattr(old, "fold_pos", [])))


def _foldable(text: str) -> bool:
    # Folding keeps a text only on one line without edge spaces or tabs (a block scalar reads those differently).
    return "\n" not in text and "\t" not in text and text == text.strip()


def _folded(new: str, width: int) -> Any:
    from ruamel.yaml.scalarstring import FoldedScalarString

    folded = FoldedScalarString(new)
    folded.fold_pos = fold_positions(new, width)  # type: ignore[attr-defined]
    return folded


def _widest_line(text: str, positions: Sequence[int]) -> int:
    if not positions:
        return FOLD_WIDTH
    bounds = [-1, *sorted(positions), len(text)]
    pairs = zip(bounds[:-1], bounds[1:], strict=True)
    return max(max(len(line) for line in text[a + 1:b].split("\n")) for a, b in pairs)


def fold_positions(text: str, width: int) -> List[int]:
    """The spaces where a folded text breaks so that no line is wider than `width` (a word longer than
    that stays whole); never at a double space or a line's edge, which folding would change."""
    positions: List[int] = []
    start, last = 0, -1
    for i, ch in enumerate([*text, " "]):
        if ch == "\n":
            start, last = i + 1, -1
        elif ch == " ":
            if i - start > width and last > start:
                positions.append(last)
                start = last + 1
            if 0 < i < len(text) - 1 and not text[i - 1].isspace() and not text[i + 1].isspace():
                last = i
    return positions
