"""Staff edits to answer texts and the profile go live without retraining or restart."""

import time
from pathlib import Path

import yaml

from huurwijzer.content.file_cache import FileBacked
from huurwijzer.content.loader import build_content, content_files


def _live(directory: Path) -> FileBacked:
    return FileBacked(files=lambda: content_files(directory), build=lambda: build_content(directory),
                      interval_seconds=0.0)


def test_answer_text_edit_is_live_on_the_next_read(knowledge_copy: Path) -> None:
    live = _live(knowledge_copy)
    assert "Huisdieren zijn" in live.get().profile.variables["huisdieren_beleid"]
    path = knowledge_copy / "entries" / "huisdieren.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["answer"] = "Nieuwe tekst over huisdieren. Bel {telefoon}."
    time.sleep(0.01)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    assert live.get().knowledge.get("huisdieren").answer.startswith("Nieuwe tekst")  # type: ignore[union-attr]


def test_profile_edit_is_live(knowledge_copy: Path) -> None:
    live = _live(knowledge_copy)
    path = knowledge_copy / "corporation.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("088 - 000 12 34", "088 - 999 99 99"),
                    encoding="utf-8")
    assert live.get().profile.variables["telefoon"] == "088 - 999 99 99"


def test_broken_edit_keeps_the_last_good_content(knowledge_copy: Path) -> None:
    live = _live(knowledge_copy)
    before = live.get()
    (knowledge_copy / "entries" / "huisdieren.yml").write_text("id: [kapot", encoding="utf-8")
    assert live.get() is before


def test_new_entry_file_is_picked_up(knowledge_copy: Path) -> None:
    live = _live(knowledge_copy)
    source = (knowledge_copy / "entries" / "huisdieren.yml").read_text(encoding="utf-8")
    (knowledge_copy / "entries" / "huisdieren-extra.yml").write_text(
        source.replace("id: huisdieren", "id: huisdieren-extra"), encoding="utf-8")
    assert live.get().knowledge.get("huisdieren-extra") is not None
