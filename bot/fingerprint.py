"""Decides whether the model must be retrained: a hash over everything training reads."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Iterable, List, Sequence

TRAINING_INPUTS = ("config.yml", "bot/domain", "data", "bot/nlu", "huurwijzer/conversation/message_focus.py")


def _files(root: Path, parts: Iterable[str]) -> List[Path]:
    out: List[Path] = []
    for part in parts:
        path = root / part
        if path.is_file():
            out.append(path)
        elif path.is_dir():
            out.extend(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return sorted(out)


def training_fingerprint(root: Path, pipeline: str, extra: Sequence[Path] = ()) -> str:
    """`extra`: inputs outside `root`, such as the phrasings generated into the models folder."""
    digest = hashlib.sha256(f"pipeline={pipeline}\n".encode())
    for path in [*_files(root, TRAINING_INPUTS), *(p for p in extra if p.is_file())]:
        digest.update((str(path.relative_to(root)) if path.is_relative_to(root) else path.name).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()
