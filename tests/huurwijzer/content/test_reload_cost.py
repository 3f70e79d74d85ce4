"""A staff edit rebuilds the content inside the next tenant's question (huurwijzer.content.file_cache):
the rebuild must stay well inside the 2.5 s after which the Rasa server apologises. qa3: with
PyYAML's pure-Python loader it cost 0.85 s of CPU, 2-3 s on a busy two-core machine, and a tenant
got "er gaat bij mij op dit moment iets mis" after an edit of repairs.yml. The CPU itself is printed by
bench/reload_cost.py (0.25 s quiet): asserted here it failed on a loaded machine (0.51 s with four
helpers training), so the tests check what made it slow: the loader, and one parse per file."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import yaml

from huurwijzer.content.knowledge import SAFE_LOADER, read_yaml
from huurwijzer.content.loader import build_content, content_files
from huurwijzer.settings import get_settings


def test_the_fast_loader_reads_every_file_as_the_safe_loader_does() -> None:
    for path in content_files(get_settings().knowledge_dir):
        if path.suffix == ".yml":
            assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path


def test_content_is_read_with_libyaml() -> None:
    """The pure-Python loader made a rebuild cost 0.85 s of CPU; the install ships libyaml."""
    assert hasattr(yaml, "CSafeLoader"), "PyYAML without libyaml: a content rebuild costs three times the CPU"
    assert SAFE_LOADER is yaml.CSafeLoader


def test_a_rebuild_parses_each_file_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """corporation.yml was parsed four times a rebuild (profile, follow-up plan, maatwerk, choices
    at the start); now the loader parses it once and hands the mapping to the four parsers."""
    directory = get_settings().knowledge_dir
    texts = {path.read_text(encoding="utf-8"): path.name for path in content_files(directory) if path.exists()}
    parsed: Counter[str] = Counter()
    load = yaml.load

    def counting_load(stream: Any, *args: Any, **kwargs: Any) -> Any:
        parsed[texts.get(stream, "other") if isinstance(stream, str) else "other"] += 1
        return load(stream, *args, **kwargs)

    monkeypatch.setattr(yaml, "load", counting_load)
    build_content(directory)
    assert parsed["corporation.yml"] == 1, parsed
    assert max(parsed.values()) == 1, parsed
