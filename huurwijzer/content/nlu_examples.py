"""The examples of Rasa NLU training files (data/nlu/*.yml, models/knowledge-nlu.yml), read in one place.

Rasa accepts two forms of a block's `examples`: a text block of `- ` lines, and a list whose items are a
text or a mapping with `text` (and `metadata`: data/nlu/real_tenant.yml keeps every example's source
there). The gate's housing words (huurwijzer.conversation.housing_evidence) read only the text block and so
never counted the 471 real examples of real_tenant.yml; the blind-copy test read both. Both read here now.
Framework-free: yaml only."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterable, Iterator, List

import yaml

KINDS = ("intent", "synonym", "lookup", "regex")
_LINE = re.compile(r"-\s+(.*\S)")


@dataclass(frozen=True)
class NluExample:
    path: Path
    kind: str  # intent, synonym, lookup or regex: which key names the block
    name: str  # the intent's (synonym's, lookup's) name
    text: str


def block_texts(examples: Any) -> List[str]:
    """A block's examples in either form; an item without text is left out."""
    if isinstance(examples, str):
        return [m.group(1) for line in examples.splitlines() if (m := _LINE.fullmatch(line.strip()))]
    if isinstance(examples, list):
        texts = [str(item.get("text") or "") if isinstance(item, dict) else str(item) for item in examples]
        return [text for text in texts if text.strip()]
    return []


def nlu_examples(files: Iterable[Path]) -> Iterator[NluExample]:
    """Every example of every block of `files`, in file order."""
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in data.get("nlu") or []:
            kind = next((k for k in KINDS if k in block), None)
            if kind is None:
                continue
            for text in block_texts(block.get("examples")):
                yield NluExample(path, kind, str(block[kind]), text)


def intent_examples(files: Iterable[Path]) -> Dict[str, List[str]]:
    """intent -> its examples (both forms)."""
    out: Dict[str, List[str]] = defaultdict(list)
    for example in nlu_examples(files):
        if example.kind == "intent":
            out[example.name].append(example.text)
    return dict(out)
