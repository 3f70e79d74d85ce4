from pathlib import Path

from bot.fingerprint import training_fingerprint


def make_project(root: Path) -> None:
    (root / "data" / "nlu").mkdir(parents=True)
    (root / "bot" / "domain").mkdir(parents=True)
    (root / "config.yml").write_text("pipeline: []\n")
    (root / "data" / "nlu" / "a.yml").write_text("nlu: []\n")


def test_fingerprint_changes_with_data_and_pipeline_only(tmp_path: Path) -> None:
    make_project(tmp_path)
    first = training_fingerprint(tmp_path, "Whitespace (spaCy: not used)")
    assert training_fingerprint(tmp_path, "Whitespace (spaCy: not used)") == first
    (tmp_path / "README.md").write_text("not a training input")
    assert training_fingerprint(tmp_path, "Whitespace (spaCy: not used)") == first
    assert training_fingerprint(tmp_path, "Spacy (spaCy: nl_core_news_sm)") != first
    (tmp_path / "data" / "nlu" / "a.yml").write_text("nlu: [x]\n")
    assert training_fingerprint(tmp_path, "Whitespace (spaCy: not used)") != first


def test_fingerprint_covers_the_generated_phrasings_outside_the_project(tmp_path: Path) -> None:
    make_project(tmp_path / "project")
    phrasings = tmp_path / "models" / "knowledge-nlu.yml"
    phrasings.parent.mkdir()
    first = training_fingerprint(tmp_path / "project", "p", [phrasings])  # not generated yet
    phrasings.write_text("nlu: []\n")
    second = training_fingerprint(tmp_path / "project", "p", [phrasings])
    assert second != first
    phrasings.write_text("nlu: [- intent: pets]\n")
    assert training_fingerprint(tmp_path / "project", "p", [phrasings]) != second
