from pathlib import Path

import pytest
import yaml

from huurwijzer.content.knowledge import KnowledgeError, entry_files, load_entries, placeholders, render
from huurwijzer.content.loader import Content
from huurwijzer.content.profile import PROFILE_VARIABLES
from huurwijzer.content.topics import all_topics, service_topics

ROOT = Path(__file__).resolve().parents[3]


def test_every_answer_renders_with_the_profile(content: Content) -> None:
    for entry in content.knowledge.entries:
        assert render(entry.answer, content.profile.variables)
        for link in entry.links:
            assert render(link.url, content.profile.variables).startswith("https://")


def test_answers_only_use_profile_variables(content: Content) -> None:
    known = PROFILE_VARIABLES
    for entry in content.knowledge.entries:
        used = set(placeholders(entry.answer)) | {p for link in entry.links for p in placeholders(link.url)}
        assert used <= known, f"{entry.id}: unknown {used - known}"


def test_every_service_topic_has_a_published_entry_and_topics_are_known(content: Content) -> None:
    for topic in service_topics():
        assert content.knowledge.by_topic(topic), f"no published entry for {topic}"
    for entry in content.knowledge.entries:
        assert entry.topic in all_topics()


def test_retired_and_draft_entries_are_not_answered(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["status"] = "retired"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    knowledge = load_entries(entry_files(knowledge_copy / "entries"))
    assert knowledge.get("huisdieren") is None
    assert all(e.id != "huisdieren" for e in knowledge.published())


def test_id_must_match_file_name(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.rename(knowledge_copy / "entries" / "dieren.yml")
    with pytest.raises(KnowledgeError, match="bestandsnaam"):
        load_entries(entry_files(knowledge_copy / "entries"))


def test_broken_yaml_names_the_file(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text("id: huisdieren\nquestions: [niet afgesloten\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="huisdieren.yml.*geen geldige YAML"):
        load_entries(entry_files(knowledge_copy / "entries"))


def test_unknown_placeholder_is_reported() -> None:
    with pytest.raises(KnowledgeError, match="onbekend veld"):
        render("Bel {telefoonnummer}", {"telefoon": "1"})
