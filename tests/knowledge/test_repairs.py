from pathlib import Path

import pytest
import yaml

from actions.answering import answer_question
from actions.content import Content
from actions.knowledge import KnowledgeError
from actions.repairs import RepairTable, load_repairs, parse_repairs

ROOT = Path(__file__).resolve().parents[2]
CASES = yaml.safe_load((ROOT / "tests" / "knowledge" / "repair_cases.yml").read_text(encoding="utf-8"))["cases"]
# Measured 44/44 on 2026-11-22; allow two misses before this fails.
MIN_PARTY_ACCURACY = 0.95


@pytest.fixture(scope="module")
def table() -> RepairTable:
    return load_repairs(ROOT / "knowledge" / "repairs.yml")


def test_table_has_at_least_150_objects_with_both_parties(table: RepairTable) -> None:
    assert len(table.objects) >= 150
    assert {o.party for o in table.objects} == {"huurder", "verhuurder", "anders"}


def test_party_accuracy_on_fresh_questions(table: RepairTable) -> None:
    wrong = []
    for case in CASES:
        match = table.match(case["text"])
        if (match.party if match else None) != case["party"]:
            wrong.append(case["text"])
    assert 1 - len(wrong) / len(CASES) >= MIN_PARTY_ACCURACY, wrong


@pytest.mark.parametrize(("text", "object_id"), [
    ("de badkamerkraan druppelt", "kraanleertje"),          # compound
    ("de dakgoot zit vol bladeren", "dakgoot-schoonmaken"),  # maintenance: tenant
    ("de dakgoot lekt op de hoek", "dakgoot-lek"),           # defect: landlord
    ("de vloer kraakt en zakt door", "vloer"),               # short stem 'vlo' must not match 'vloer'
])
def test_most_specific_pattern_wins(table: RepairTable, text: str, object_id: str) -> None:
    match = table.match(text)
    assert match is not None and match.object.id == object_id


def test_own_damage_makes_it_the_tenants(table: RepairTable) -> None:
    match = table.match("onze kinderen hebben per ongeluk de ruit kapot gegooid")
    assert match is not None and match.party == "huurder"


def test_mould_depends_on_the_cause(table: RepairTable) -> None:
    plain = table.match("er zit schimmel in de hoek")
    assert plain is not None and plain.party is None
    laundry = table.match("schimmel op de muur sinds ik de was binnen droog")
    assert laundry is not None and laundry.party == "huurder"
    leak = table.match("schimmel in de slaapkamer sinds het dak lekt")
    assert leak is not None and leak.party == "verhuurder"


def test_answer_gives_basis_subscription_and_metadata(content: Content) -> None:
    question = "moet ik een nieuw kraanleertje zelf plaatsen?"
    reply = answer_question(content, "repair_responsibility", 0.9, question, None)
    assert reply.metadata.responsible_party == "huurder"
    assert reply.metadata.knowledge_id == "repair/kraanleertje"
    assert "Besluit kleine herstellingen" in reply.text and "Klusjesabonnement" in reply.text
    landlord = answer_question(content, "repair_responsibility", 0.9, "het dak lekt bij de schoorsteen", None)
    assert landlord.metadata.responsible_party == "verhuurder"
    assert "huurdersportaal" in landlord.text and "088 - 000 12 99" in landlord.text  # urgent: emergency number


def test_unknown_object_gets_an_honest_answer(content: Content) -> None:
    reply = answer_question(content, "repair_responsibility", 0.9, "wie repareert de fietsbel van mijn fiets?", None)
    assert reply.reply_name == "repair_unknown"
    assert reply.metadata.knowledge_id is None and reply.metadata.responsible_party is None


def test_bad_table_rows_are_explained() -> None:
    row = {"id": "x", "name": "x", "patterns": ["x"], "party": "iemand", "basis": "wet",
           "subscription": False, "urgent": False, "explanation": "x"}
    with pytest.raises(KnowledgeError, match="party moet"):
        parse_repairs({"objects": [row]}, "repairs.yml")
    with pytest.raises(KnowledgeError, match="twee keer"):
        parse_repairs({"objects": [{**row, "party": "huurder"}] * 2}, "repairs.yml")
