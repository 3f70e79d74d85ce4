"""Issue 17 (low): an entry id from an imported file cannot write outside knowledge/entries."""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from console import store, work
from console.yaml_files import write_entry

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("entry_id", ["../evil", "../../evil", "a/../../evil", "evil\x00"])
def test_an_entry_id_never_leaves_the_entries_folder(tmp_path: Path, entry_id: str) -> None:
    knowledge = tmp_path / "kennis" / "knowledge"
    (knowledge / "entries").mkdir(parents=True)
    with pytest.raises(ValueError):
        write_entry(knowledge, {"id": entry_id, "topic": "pets", "status": "published"})
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == []


def test_an_imported_file_with_a_strange_id_is_not_taken_or_published(tmp_path: Path) -> None:
    import shutil

    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    sample = next((knowledge / "entries").glob("*.yml"))
    text = sample.read_text(encoding="utf-8").replace(f"id: {sample.stem}\n", "id: ../../buiten\n", 1)
    assert "../../buiten" in text
    (knowledge / "entries" / "vreemd.yml").write_text(text, encoding="utf-8")
    engine = create_engine(f"sqlite:///{tmp_path / 'console.db'}", future=True)
    store.create_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        work.import_from(session, knowledge, "inlezen", datetime(2026, 12, 1, 9))
        with contextlib.suppress(ValueError):  # refusing to write is fine too
            work.export_to(session, knowledge)
    engine.dispose()
    assert not (tmp_path / "buiten.yml").exists()
    assert not list(tmp_path.glob("*.yml"))
