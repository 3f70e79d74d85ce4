"""A repair object's stems and name words are built once: ranking the candidates for a 110-word letter
asked for them about 20,000 times and rebuilt them each time (110 ms; docs/performance.md, session 11)."""

from __future__ import annotations

from huurwijzer.content.repairs import parse_repairs

RAW = {"objects": [{"id": "kraanleertje", "name": "Kraanleertje vervangen", "patterns": ["kraan drup", "kraan lek"],
                    "party": "huurder", "basis": "wet", "subscription": True, "urgent": False,
                    "explanation": "Een druppende kraan is een kleine reparatie."}]}


def test_stems_and_name_words_are_built_once() -> None:
    obj = parse_repairs(RAW, "test").objects[0]
    assert obj.stems == frozenset({"kraan", "drup", "lek"})
    assert obj.stems is obj.stems
    assert obj.name_words == ("kraanleertje", "vervangen") and obj.name_words is obj.name_words


def test_the_cached_object_still_compares_and_hashes_by_its_fields() -> None:
    first, second = parse_repairs(RAW, "test").objects[0], parse_repairs(RAW, "test").objects[0]
    _ = first.stems, first.name_words  # cached on one of the two only
    assert first == second and hash(first) == hash(second)
