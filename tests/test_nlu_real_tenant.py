"""data/nlu/real_tenant.yml is training data made of real public text: every example must keep the
address it was taken from (`metadata.source`), and no example may come from a page a blind set was
built from (tests/eval/real*/questions.yml), or the blind sets would stop being blind.

Only the blind sets' `source` fields are read here, never their texts, and nothing of them is printed
except a training example's own address when it collides.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Iterable, List, Set, Tuple

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_TENANT = ROOT / "data" / "nlu" / "real_tenant.yml"
BLIND_SETS = ("real", "real2", "real3")

Example = Tuple[str, str, str]  # intent, text, source


def address(url: str) -> str:
    """The form two addresses are compared in: no surrounding blanks, no trailing slash, no scheme."""
    url = url.strip().rstrip("/")
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = url[len(scheme):]
    return url.removeprefix("www.")


def provenance_problems(data: Dict[str, Any]) -> Tuple[List[Example], List[str]]:
    """The examples with their sources, and one line per example that has no usable source."""
    examples: List[Example] = []
    problems: List[str] = []
    for block in data.get("nlu", []):
        intent = str(block.get("intent"))
        items = block.get("examples")
        if not isinstance(items, list):
            problems.append(f"{intent}: examples must be a list of {{text, metadata: {{source}}}}")
            continue
        for number, item in enumerate(items):
            text = str(item.get("text", "")).strip() if isinstance(item, dict) else ""
            metadata = item.get("metadata") if isinstance(item, dict) else None
            source = str(metadata.get("source", "")) if isinstance(metadata, dict) else ""
            if not text:
                problems.append(f"{intent}:{number}: no text")
            elif not source.startswith(("http://", "https://")):
                problems.append(f"{intent}:{number}: no source address ({text[:40]!r})")
            else:
                examples.append((intent, text, source))
    return examples, problems


def blind_sources(eval_dir: Path) -> Set[str]:
    """The `source` addresses of every blind set present (texts are not looked at)."""
    found: Set[str] = set()
    for name in BLIND_SETS:
        path = eval_dir / name / "questions.yml"
        if path.exists():
            items = yaml.safe_load(path.read_text(encoding="utf-8")).get("items", [])
            found |= {address(str(item["source"])) for item in items if item.get("source")}
    return found


def from_blind_pages(examples: Iterable[Example], blind: Set[str]) -> List[str]:
    return [f"{intent}: {source}" for intent, _, source in examples if address(source) in blind]


def load() -> Dict[str, Any]:
    data: Dict[str, Any] = yaml.safe_load(REAL_TENANT.read_text(encoding="utf-8"))
    return data


def test_every_real_example_keeps_its_source_address() -> None:
    examples, problems = provenance_problems(load())
    assert problems == []
    assert len(examples) >= 300  # the collection, not a stub


def test_no_real_example_comes_from_a_blind_set_page() -> None:
    examples, _ = provenance_problems(load())
    blind = blind_sources(ROOT / "tests" / "eval")
    assert blind, "the blind sets' sources could not be read"
    assert from_blind_pages(examples, blind) == []


def test_the_checks_catch_a_missing_source_and_a_blind_page() -> None:
    blind = blind_sources(ROOT / "tests" / "eval")
    a_blind_page = "https://" + sorted(blind)[0] + "/"  # spelled differently on purpose
    data = {"nlu": [
        {"intent": "nuisance", "examples": [
            {"text": "de buren maken herrie", "metadata": {"source": a_blind_page}},
            {"text": "de buren maken weer herrie"},
        ]},
        {"intent": "pets", "examples": "- mag ik een kat\n"},
    ]}
    examples, problems = provenance_problems(data)
    assert len(problems) == 2  # the example without a source, the plain-text block
    assert len(from_blind_pages(examples, blind)) == 1
