from pathlib import Path

import yaml

from bot.nlu_data import render_training_data

ROOT = Path(__file__).resolve().parents[2]


def test_generated_data_has_every_published_phrasing_under_its_topic() -> None:
    data = yaml.safe_load(render_training_data(ROOT / "knowledge"))
    by_intent = {item["intent"]: item["examples"] for item in data["nlu"]}
    assert "- Hoe zeg ik mijn huur op?" in by_intent["move_out"]
    assert "- mag ik een hond houden?" in by_intent["pets"]


def test_draft_entries_are_not_trained(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: draft"),
                    encoding="utf-8")
    text = render_training_data(knowledge_copy)
    assert "- mag ik een hond houden?" not in text
    assert "- mijn kat heeft de deur bekrast" in text  # the other, published pets entry stays


def test_entity_markup_characters_are_neutralised(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "- mag ik een hond houden?", "- mag ik een [hond](dier) houden {zomaar}?"), encoding="utf-8")
    text = render_training_data(knowledge_copy)
    assert "[hond]" not in text and "{zomaar}" not in text
