"""Legal and safety facts with the answer the assistant must give (tests/knowledge/legal_facts.yml).

A text that drifts away from the law, or an emergency answer that no longer puts 112 first, fails
here. The folder under test is knowledge/, or HUURWIJZER_CONTENT_UNDER_TEST (to show that the
texts of an older commit fail: see knowledge/README.md)."""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

from huurwijzer.content.emergencies import load_emergencies
from huurwijzer.content.knowledge import entry_files, load_entries
from huurwijzer.content.lint import emergency_problems
from huurwijzer.content.retrieval import RetrievalIndex

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = Path(os.environ.get("HUURWIJZER_CONTENT_UNDER_TEST") or ROOT / "knowledge")
FACTS: List[Dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "legal_facts.yml").read_text(encoding="utf-8"))


def answers() -> Dict[str, str]:
    found = {}
    for path in sorted((KNOWLEDGE / "entries").glob("*.yml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        if raw.get("status") == "published":
            found[raw["id"]] = raw["answer"]
    return found


def repairs() -> Dict[str, Dict[str, Any]]:
    raw = yaml.safe_load((KNOWLEDGE / "repairs.yml").read_text(encoding="utf-8"))
    return {str(o["id"]): o for o in raw["objects"]}


def text_of(answer: str) -> str:
    if answer.startswith("repair/"):
        obj = repairs().get(answer[len("repair/"):])
        assert obj is not None, f"onderdeel {answer} bestaat niet"
        return " ".join(str(obj.get(k, "")) for k in ("explanation", "condition"))
    found = answers()
    assert answer in found, f"antwoord {answer} bestaat niet of is niet gepubliceerd"
    return found[answer]


@pytest.mark.parametrize("fact", FACTS, ids=[f["fact"][:60] for f in FACTS])
def test_fact_is_stated(fact: Dict[str, Any]) -> None:
    text = text_of(fact["answer"])
    for pattern in fact.get("must", []):
        assert re.search(pattern, text, re.I | re.S), f"{fact['answer']}: mist /{pattern}/ ({fact['source']})"
    for pattern in fact.get("must_not", []):
        assert not re.search(pattern, text, re.I | re.S), f"{fact['answer']}: bevat /{pattern}/ ({fact['source']})"
    english = english_of(fact["answer"])  # the English answer (answer_en) must not drift from the Dutch one
    if english is not None:
        for pattern in fact.get("must_en", []):
            assert re.search(pattern, english, re.I | re.S), f"{fact['answer']} (en): mist /{pattern}/"
        for pattern in fact.get("must_not_en", []):
            assert not re.search(pattern, english, re.I | re.S), f"{fact['answer']} (en): bevat /{pattern}/"


def english_of(answer: str) -> str | None:
    path = KNOWLEDGE / "entries" / f"{answer}.yml"
    if answer.startswith("repair/") or not path.exists():
        return None
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return raw.get("answer_en") if isinstance(raw, dict) else None


def emergency_answer(message: str) -> tuple[Any, str]:
    emergencies = load_emergencies(KNOWLEDGE / "emergencies.yml")
    found = emergencies.detect(message, date(2027, 1, 15))
    assert found is not None, f"'{message}' wordt niet als noodgeval herkend"
    return found, text_of(found.entry_id)


@pytest.mark.parametrize("message", ["mijn koolmonoxidemelder gaat af", "de co-melder piept en ik heb hoofdpijn",
                                     "ik ben misselijk en duizelig en de geiser brandt oranje"])
def test_carbon_monoxide_sends_people_out_and_112_first(message: str) -> None:
    item, text = emergency_answer(message)
    assert emergency_problems(text, life_threatening=True) == []
    assert re.search(r"naar buiten", text, re.I) and re.search(r"ramen", text, re.I)
    assert re.search(r"koolmonoxide", text, re.I)


@pytest.mark.parametrize("message", ["er is brand in de keuken", "het rookt uit het stopcontact"])
def test_fire_puts_112_first(message: str) -> None:
    item, text = emergency_answer(message)
    assert item.life_threatening
    assert emergency_problems(text, life_threatening=True) == []


def test_gas_smell_gives_the_leave_the_house_steps() -> None:
    item, text = emergency_answer("ik ruik gas in de gang")
    for step in (r"ramen en deuren", r"gaskraan", r"geen (licht)?schakelaars", r"naar buiten", r"0800-9009"):
        assert re.search(step, text, re.I), step
    assert emergency_problems(text, life_threatening=True) == []
    # the general emergency entries give the steps too, not only the number
    for entry in ("spoednummer", "spoedreparatie"):
        assert re.search(r"naar buiten", text_of(entry), re.I), entry


def test_urgency_tiers_and_norms_come_from_the_profile() -> None:
    profile = yaml.safe_load((KNOWLEDGE / "corporation.yml").read_text(encoding="utf-8"))
    norms = profile["servicenormen"]
    for key in ("direct", "spoed", "afspraak_reparatie", "reparatie_klaar", "reactie_klacht"):
        assert norms.get(key), f"servicenormen.{key} ontbreekt"
    assert "{norm_direct}" in text_of("spoedreparatie")
    assert "{norm_klaar}" in text_of("reparatie-melden")
    assert "{norm_klacht}" in text_of("klacht-indienen")
    replies = yaml.safe_load((KNOWLEDGE / "replies.yml").read_text(encoding="utf-8"))
    assert "{norm_direct}" in replies["repair_urgent"]["text"]


def test_easter_monday_2027_is_a_closing_day() -> None:
    from huurwijzer.content.profile import load_profile

    holidays = load_profile(KNOWLEDGE / "corporation.yml").holidays
    assert date(2027, 3, 29) in holidays
    assert date(2027, 4, 5) not in holidays


def test_eviction_question_gets_a_direct_calm_answer() -> None:
    knowledge = load_entries(entry_files(KNOWLEDGE / "entries"))
    index = RetrievalIndex(knowledge)
    for question in ("Word ik uit huis gezet?", "kunnen jullie mij uit mijn huis zetten?"):
        best = index.rank(question, topics={"rent_payment"}, limit=1)[0].entry
        first = best.answer.strip().split("\n")[0]
        assert not re.match(r"\s*fijn dat u het meldt", first, re.I)
        assert re.search(r"niet zomaar", first, re.I) and re.search(r"rechter", first, re.I), first


def test_repair_table_facts() -> None:
    table = repairs()
    assert table["wc-spoelknop"]["party"] == "verhuurder"  # a built-in cistern is part of the home
    assert table["buitendeur"]["urgent"] is True and table["slot"]["urgent"] is True
    assert re.search(r"zet .{0,30}(groep|schakelaar).{0,40}terug|stekker", table["groepenkast"]["explanation"], re.I)
    for own in ("gordijnrail", "douchegordijn", "lamp", "eigen-apparaten", "rookmelder-testen"):
        assert table[own]["basis"] != "wet", own
    taken_over = [o for o in table.values() if re.search(r"vorige huurder", str(o["name"]), re.I)]
    assert taken_over and all(o["party"] == "huurder" for o in taken_over)
    assert "kitchen-sink" not in table and "zeepdispenser" not in table
    assert not re.search(r"\bis een rechtszaak|rechter (heeft )?besliste?\b", str(table["schutting"]["explanation"]))


@pytest.mark.parametrize("entry", ["huur-betalen", "incasso-wijzigen"])
def test_benefit_condition_is_said_once(entry: str) -> None:
    from huurwijzer.content.knowledge import render
    from huurwijzer.content.loader import load_full_profile

    text = render(text_of(entry), load_full_profile(KNOWLEDGE).variables)
    assert len(re.findall(r"uitkering", text, re.I)) == 1, text
