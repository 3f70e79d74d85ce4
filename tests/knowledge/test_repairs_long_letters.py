"""A long letter through the repair table: the same matches as a word-by-word scan of every stem, with far
less work (docs/performance.md, "Long letters": the scan cost a 110-word letter about 20 ms of the gate),
and the message's focus computed once for the NLU components that each need it."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Dict, List, Optional, Tuple

import pytest
import yaml

import huurwijzer.content.repair_matching as repairs
from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.repair_words import new_beside_its_thing
from huurwijzer.content.repairs import RepairObject, RepairTable
from huurwijzer.conversation.message_focus import focus

ROOT = Path(__file__).resolve().parents[2]
# Written for this test: a letter with the question inside a story, as tenants write them.
LETTER = (
    "Beste medewerker, wij wonen nu negen jaar in de flat aan de Esdoornlaan en hebben nooit geklaagd. Sinds de "
    "storm van vorige week klappert het raam in de woonkamer en de ruit heeft een barst in de hoek. Bij harde wind "
    "tocht het zo erg dat de gordijnen bewegen en de verwarming staat de hele dag hoog. Ook de dakgoot boven de "
    "voordeur lekt en het water loopt langs de muur. Mijn dochter heeft het gezien toen ze de ramen zeemde, zij "
    "heeft er niets aan gedaan. Wie moet de ruit vervangen en de goot maken, en betalen wij daar iets voor? Ik "
    "hoor het graag. Met vriendelijke groet, Henk en Ria Bosman"
)
TEXTS = [LETTER, *(case["text"] for case in yaml.safe_load(
    (ROOT / "tests" / "knowledge" / "repair_cases.yml").read_text(encoding="utf-8"))["cases"])]
# Our training examples of the repair topics: many more wordings for the index to get right.
REPAIR_INTENTS = {"repair_responsibility", "report_repair", "emergency_repair", "start_repair_report"}


def training_texts() -> List[str]:
    texts = []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            examples = block.get("examples") if block.get("intent") in REPAIR_INTENTS else None
            if isinstance(examples, str):
                texts += [line.strip()[2:] for line in examples.splitlines() if line.strip().startswith("- ")]
            elif isinstance(examples, list):
                texts += [str(e["text"]) if isinstance(e, dict) else str(e) for e in examples]
    return texts


def scanned(table: RepairTable, text: str) -> List[Tuple[int, RepairObject]]:
    """match_all as it was: every stem looked up word by word (the reference for the faster one)."""
    words = normalise(text).split()
    first: Dict[str, Optional[str]] = {}

    def first_word(stem: str) -> Optional[str]:
        if stem not in first:
            first[stem] = next((w for w in words if repairs._word_has(w, stem)), None)
        return first[stem]

    found = []
    for order, obj in enumerate(table.objects):
        best: Tuple[int, Tuple[Tuple[str, str], ...]] = (0, ())
        matched = []
        for pattern in obj.patterns:
            score = repairs._pattern_score(pattern, first_word) if new_beside_its_thing(pattern, words) else 0
            if score:
                matched.append((score, pattern))
            if score > best[0]:
                best = (score, tuple((stem, str(first_word(stem))) for stem in pattern))
        if best[0]:
            found.append((best[0], order, obj, best[1], tuple(matched)))
    return repairs.in_order(words, found)


@pytest.mark.parametrize("text", TEXTS)
def test_the_same_matches_as_a_word_by_word_scan(table: RepairTable, text: str) -> None:
    assert table.match_all(text) == scanned(table, text)


def test_the_same_matches_on_our_repair_training_examples(table: RepairTable) -> None:
    texts = training_texts()
    assert len(texts) > 300
    assert [table.match_all(text) for text in texts] == [scanned(table, text) for text in texts]


def test_only_the_patterns_whose_first_stem_is_in_the_message_are_scored(table: RepairTable,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """docs/performance.md, session 11: all 2,865 patterns were scored one by one for every message."""
    scored: List[Tuple[str, ...]] = []
    real = repairs._pattern_score

    def counted(stems: Tuple[str, ...], first_word: Callable[[str], Optional[str]]) -> int:
        scored.append(stems)
        return real(stems, first_word)

    monkeypatch.setattr(repairs, "_pattern_score", counted)
    assert table.match_all(LETTER)
    assert sum(len(obj.patterns) for obj in table.objects) > 2000
    assert 0 < len(scored) < 500


def test_a_letter_is_not_scanned_word_by_word_for_every_stem(table: RepairTable,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    calls: List[str] = []
    real = repairs._word_has

    def counted(word: str, stem: str) -> bool:
        calls.append(stem)
        return real(word, stem)

    monkeypatch.setattr(repairs, "_word_has", counted)
    assert table.match_all(LETTER)  # the window, the gutter
    # measured: 104,953 calls word by word, 1,332 with the search of the whole text first
    assert len(calls) < 10_000


def test_the_focus_of_a_message_is_computed_once() -> None:
    assert focus(LETTER) is focus(LETTER)
