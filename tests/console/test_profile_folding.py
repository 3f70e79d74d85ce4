"""The profile page writes corporation.yml as staff would: a long text that replaces a short, quoted or
missing value is folded over short lines like the file's other long texts (it was written as one line
of hundreds of characters), and it reads back exactly as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

import pytest
import yaml
from flask.testing import FlaskClient

from console.yaml_files import write_profile_fields
from tests.console.test_profile_english import _form

LONG = ("alleen op afspraak, van maandag tot en met donderdag tussen 9:00 en 12:00 uur; maak de afspraak "
        "in het huurdersportaal of bel ons, en neem uw huurcontract en een geldig legitimatiebewijs mee")


def _lines_of(text: str, key: str) -> list[str]:
    """The lines of a top-level key's value in the file."""
    block = text.split(f"\n{key}:", 1)[1]
    lines = [block.split("\n", 1)[0]]
    for line in block.split("\n")[1:]:
        if not line.startswith("  "):
            break
        lines.append(line)
    return lines


def test_a_long_text_replacing_a_short_one_is_folded(clients: Dict[str, FlaskClient], knowledge: Path) -> None:
    admin, path = clients["ada"], knowledge / "corporation.yml"
    before = path.read_text(encoding="utf-8")
    assert admin.post("/profiel", data=_form(admin, balie=LONG)).status_code == 302
    after = path.read_text(encoding="utf-8")
    assert yaml.safe_load(after)["balie"] == LONG
    lines = _lines_of(after, "balie")
    assert lines[0].strip() == ">-" and len(lines) >= 3 and max(len(line) for line in lines) <= 100
    assert after.split("\nbalie:")[0] == before.split("\nbalie:")[0]  # the rest as it was
    assert after.split("\nbalie_en:")[1] == before.split("\nbalie_en:")[1]


@pytest.mark.parametrize("text", [
    LONG.replace("; ", ": ") + " # geen commentaar",
    "'" + LONG + "'",
    LONG + ' "zo"  met twee spaties, een € en een dubbele punt: aan het eind: ',
    "regel een\nregel twee " + LONG,
])
def test_every_long_text_reads_back_as_typed(knowledge: Path, text: str) -> None:
    write_profile_fields(knowledge, {"balie": text})
    written = (knowledge / "corporation.yml").read_text(encoding="utf-8")
    assert yaml.safe_load(written)["balie"] == text
