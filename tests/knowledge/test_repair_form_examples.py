"""The repair form's own examples must be answers the form accepts: a tenant who types the example
the question suggests ("kraan") must not hear "Dat onderdeel herken ik niet"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator, Tuple

import pytest
import yaml

from huurwijzer.content.loader import build_content

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
FORM_TEXTS = ("repair_ask_object", "repair_bad_object")
QUOTED = re.compile(r'"([^"]+)"')


def _texts(node: Any, where: str) -> Iterator[Tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in FORM_TEXTS and isinstance(value, dict):
                yield f"{where}:{key}", str(value.get("text", ""))
            else:
                yield from _texts(value, where)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, where)


def _examples() -> list[Tuple[str, str]]:
    found = []
    for name in ("replies.yml", "languages.yml"):
        data = yaml.safe_load((KNOWLEDGE / name).read_text(encoding="utf-8"))
        for where, text in _texts(data, name):
            found += [(where, example) for example in QUOTED.findall(text) if example.lower() != "stop"]
    return found


def test_every_form_text_gives_examples() -> None:
    places = {where for where, _ in _examples()}
    assert len(places) >= 4, places  # Dutch and English, question and retry


@pytest.mark.parametrize(("where", "example"), _examples())
def test_the_forms_own_example_is_recognised(where: str, example: str) -> None:
    repairs = build_content(KNOWLEDGE).repairs
    assert repairs.get(example) or repairs.match(example), f"{where}: the form refuses its own example {example!r}"


@pytest.mark.parametrize(("where", "example"), _examples())
def test_the_forms_own_example_is_a_job_of_the_corporation(where: str, example: str) -> None:
    # A tenant's job ends the report with "Daarom maak ik hiervoor geen reparatieverzoek".
    repairs = build_content(KNOWLEDGE).repairs
    found = repairs.get(example) or getattr(repairs.match(example), "object", None)
    assert found is not None and found.party == "verhuurder", f"{where}: {example!r} is not ours to repair"
