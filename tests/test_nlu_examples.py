"""One reader of the NLU training files (huurwijzer.content.nlu_examples) for the gate's housing words and the
blind-copy test: both of Rasa's forms of `examples` count. Own phrasings."""

from __future__ import annotations

from pathlib import Path

from huurwijzer.content.nlu_examples import intent_examples, nlu_examples
from huurwijzer.conversation.housing_evidence import read_examples

ROOT = Path(__file__).resolve().parent.parent
BOTH_FORMS = """version: "3.1"
nlu:
- intent: rent_payment
  examples: |
    - wanneer wordt de huur afgeschreven
    -   ik wil de huur betalen
- intent: rent_payment
  examples:
  - text: "Mijn huurachterstand loopt op, wat nu?"
    metadata:
      source: https://example.org/huur
  - kan ik de huur later betalen
- synonym: cv-ketel
  examples: |
    - cv
- intent: greet
  examples:
  - metadata:
      source: https://example.org/leeg
"""


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "nlu.yml"
    path.write_text(BOTH_FORMS, encoding="utf-8")
    return path


def test_both_forms_are_read(tmp_path: Path) -> None:
    assert intent_examples([_file(tmp_path)]) == {"rent_payment": [
        "wanneer wordt de huur afgeschreven", "ik wil de huur betalen",
        "Mijn huurachterstand loopt op, wat nu?", "kan ik de huur later betalen"]}
    kinds = [(e.kind, e.name, e.text) for e in nlu_examples([_file(tmp_path)])]
    assert ("synonym", "cv-ketel", "cv") in kinds


def test_the_gates_words_read_the_list_form(tmp_path: Path) -> None:
    # the old reader of housing_evidence skipped the `- text:` items: "huurachterstand" was never a housing word
    assert "Mijn huurachterstand loopt op, wat nu?" in read_examples([_file(tmp_path)])["rent_payment"]


def test_every_real_tenant_example_is_read() -> None:
    path = ROOT / "data" / "nlu" / "real_tenant.yml"
    listed = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip().startswith("- text:"))
    assert listed >= 400
    assert sum(len(texts) for texts in read_examples([path]).values()) == listed
