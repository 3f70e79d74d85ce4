"""The maatwerk teams and the care route have optional English twins in corporation.yml (`team_en`,
`route_en`, each with its fingerprint): an English tenant reads them; the linter warns at an outdated
one (and an English tenant then reads the Dutch text, as when there is none); `make kennis-engels-klopt
ID=maatwerk.<team>` records them; a twin that is no text is an error in Dutch."""

from __future__ import annotations

from pathlib import Path

from bot.kennis import main as kennis
from huurwijzer.content.lint_folder import lint_knowledge
from huurwijzer.content.loader import build_content
from huurwijzer.content.twin_fingerprints import fingerprint
from tests.file_edit import edit as _edit

TEAM = "    team: het team Vroeg Eropaf\n"
NEW_TEAM = "    team: het team Vroeg Erop Af\n"


def test_the_shipped_teams_and_route_have_english_twins() -> None:
    content = build_content(Path(__file__).resolve().parents[3] / "knowledge")
    maatwerk = content.maatwerk
    assert maatwerk is not None
    for team in (maatwerk.early_help, maatwerk.care, maatwerk.later_debit):
        assert team.name_en and team.shown(True) == team.name_en and team.shown(False) == team.name
    assert maatwerk.route(True).startswith("Help at home") and maatwerk.route(False).startswith("Hulp thuis")


def test_an_outdated_team_name_is_warned_at_its_line_falls_back_to_dutch_and_can_be_confirmed(
        knowledge_copy: Path) -> None:
    profile = knowledge_copy / "corporation.yml"
    _edit(profile, TEAM, NEW_TEAM)
    text = profile.read_text(encoding="utf-8")
    line = text.count("\n", 0, text.index("    team_en: our early help team")) + 1
    warnings = [p for p in lint_knowledge(knowledge_copy) if p.warning]
    assert [(p.path.name, p.line) for p in warnings] == [("corporation.yml", line)]
    assert warnings[0].message.startswith("maatwerk.vroeghulp.team_en: Engelse tekst verouderd")
    assert "make kennis-engels-klopt ID=maatwerk.vroeghulp" in warnings[0].message
    team = build_content(knowledge_copy).maatwerk.early_help  # type: ignore[union-attr]
    assert team.shown(True) == "het team Vroeg Erop Af"  # the Dutch name, not an outdated English one

    assert kennis(["--map", str(knowledge_copy), "engels-klopt", "maatwerk.vroeghulp"]) == 0
    assert f"team_en_of: '{fingerprint('het team Vroeg Erop Af')}'" in profile.read_text(encoding="utf-8")
    assert not [p for p in lint_knowledge(knowledge_copy) if p.warning]
    assert build_content(knowledge_copy).maatwerk.early_help.shown(True) == \
        "our early help team (Vroeg Eropaf)"  # type: ignore[union-attr]


def test_without_english_twins_an_english_tenant_reads_the_dutch_texts(knowledge_copy: Path) -> None:
    profile = knowledge_copy / "corporation.yml"
    text = profile.read_text(encoding="utf-8")
    text = text[:text.index("    route_en: >-\n")] + text[text.index("    route_en_of:"):]  # a folded text
    profile.write_text("".join(line for line in text.splitlines(keepends=True)
                               if not line.lstrip().startswith(("team_en", "route_en"))), encoding="utf-8")
    assert not lint_knowledge(knowledge_copy)
    maatwerk = build_content(knowledge_copy).maatwerk
    assert maatwerk is not None and maatwerk.care.shown(True) == "onze wijkconsulent"
    assert maatwerk.route(True).startswith("Hulp thuis")


def test_an_english_team_name_that_is_no_text_is_a_dutch_error(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "corporation.yml", "    team_en: our rent collection team\n", "    team_en: [rent]\n")
    errors = [str(p) for p in lint_knowledge(knowledge_copy) if not p.warning]
    assert any("'maatwerk.later_incasso.team_en' moet een tekst zijn" in e for e in errors), errors
