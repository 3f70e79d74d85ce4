from pathlib import Path

from actions.content_lint import lint_knowledge
from bot.kennis import main as kennis

ROOT = Path(__file__).resolve().parents[2]


def messages(knowledge: Path) -> list[str]:
    return [str(p).replace(str(knowledge) + "/", "") for p in lint_knowledge(knowledge)]


def test_shipped_content_is_clean() -> None:
    assert messages(ROOT / "knowledge") == []


def test_problems_name_file_line_and_fix(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "huisdieren.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("status: published", "status: gepubliceerd").replace("topic: pets", "topic: dieren")
    text = text.replace("{huisdieren_beleid}", "{huisdierbeleid}")
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    status_line = next(i for i, line in enumerate(lines, 1) if line.startswith("status:"))
    found = messages(knowledge_copy)
    assert f"entries/huisdieren.yml:{status_line}: status: kies uit draft, published, retired" in found
    assert any("onbekend onderwerp 'dieren'" in m for m in found)
    assert any("onbekend veld {huisdierbeleid}" in m for m in found)


def test_missing_field_and_too_few_questions(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "woningruil.yml"
    text = path.read_text(encoding="utf-8").replace("owner:", "eigenaar:")
    start, end = text.index("questions:"), text.index("answer:")
    path.write_text(text[:start] + "questions:\n- hoe ruil ik?\n" + text[end:], encoding="utf-8")
    found = messages(knowledge_copy)
    assert any("questions: minstens 5 nodig (nu 1)" in m for m in found)
    assert any("veld 'owner' ontbreekt" in m for m in found)


def test_broken_yaml_points_at_the_line(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "woningruil.yml"
    path.write_text("id: woningruil\ntitle: 'niet afgesloten\nstatus: draft\n", encoding="utf-8")
    found = messages(knowledge_copy)
    assert any(m.startswith("entries/woningruil.yml:") and "geen geldige YAML" in m for m in found)


def test_second_overview_in_a_topic_is_reported(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "schimmel-en-vocht.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: published", "status: published\noverview: true"),
                    encoding="utf-8")
    assert any("al het algemene antwoord" in m for m in messages(knowledge_copy))


def test_new_entry_from_template_is_a_draft_that_lint_explains(knowledge_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert kennis(["--map", str(knowledge_copy), "nieuw", "glasschade-melden", "insurance"]) == 0
    created = knowledge_copy / "entries" / "glasschade-melden.yml"
    assert "status: draft" in created.read_text(encoding="utf-8")
    assert kennis(["--map", str(knowledge_copy), "controleer"]) == 1
    out = capsys.readouterr().out
    assert "entries/glasschade-melden.yml:" in out
    assert kennis(["--map", str(knowledge_copy), "nieuw", "Glas Schade", "insurance"]) == 2
    assert kennis(["--map", str(knowledge_copy), "nieuw", "glas", "verzekering"]) == 2


def test_stale_entries_are_listed(knowledge_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = knowledge_copy / "entries" / "woningruil.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("last_reviewed: '2026-11-20'", "last_reviewed: '2024-01-15'"), encoding="utf-8")
    assert kennis(["--map", str(knowledge_copy), "verouderd"]) == 0
    out = capsys.readouterr().out
    assert "woningruil.yml: laatst gecontroleerd 2024-01-15" in out
    assert "1 antwoord(en)" in out


def test_emergency_pointing_at_a_missing_answer_is_reported(knowledge_copy: Path) -> None:
    path = knowledge_copy / "emergencies.yml"
    text = path.read_text(encoding="utf-8").replace("antwoord: inbraak", "antwoord: inbraak-oud")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "inbraak-oud" in row)
    assert f"emergencies.yml:{line}: inbraak: antwoord 'inbraak-oud' bestaat niet of is niet gepubliceerd" \
        in messages(knowledge_copy)


def test_onboarding_step_with_unknown_field_is_reported(knowledge_copy: Path) -> None:
    path = knowledge_copy / "onboarding.yml"
    text = path.read_text(encoding="utf-8").replace("{abonnement_prijs}", "{abonnementsprijs}")
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "- id: serviceabonnement")
    assert f"onboarding.yml:{line}: serviceabonnement: onbekend veld {{abonnementsprijs}}" in messages(knowledge_copy)
