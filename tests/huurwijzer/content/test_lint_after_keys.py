"""The content check also covers the profile's sections for after the keys (opvolging, maatwerk,
keuzes_bij_start) and knowledge/kort.yml, with file, line and what to fix."""

from pathlib import Path

import pytest

from huurwijzer.content.lint_folder import lint_knowledge


def messages(knowledge: Path) -> list[str]:
    return [str(p).replace(str(knowledge) + "/", "") for p in lint_knowledge(knowledge)]


def test_broken_schedule_maatwerk_choices_and_short_texts_are_reported(knowledge_copy: Path) -> None:
    profile = knowledge_copy / "corporation.yml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("stille_uren: 20:00-09:00", "stille_uren: 's avonds'")
    text = text.replace("    reactietijd_werkdagen: 3", "    reactietijd_werkdagen: snel")
    text = text.replace("        titel: Drempels houden\n", "")
    profile.write_text(text, encoding="utf-8")
    short = knowledge_copy / "kort.yml"
    short.write_text(short.read_text(encoding="utf-8") + "bestaat-niet: |-\n  Bel {telefoonnummer}.\n",
                     encoding="utf-8")
    found = messages(knowledge_copy)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("opvolging:"))
    assert f"corporation.yml:{line}: opvolging.stille_uren: geef tijden als 20:00-09:00" in found
    assert any("maatwerk.vroeghulp.reactietijd_werkdagen" in m for m in found)
    assert any("keuzes_bij_start.drempel: 'titel' ontbreekt" in m for m in found)
    assert any(m.startswith("kort.yml:") and "bestaat-niet: geen gepubliceerd antwoord" in m for m in found)
    assert any("bestaat-niet: onbekend veld {telefoonnummer}" in m for m in found)


@pytest.mark.parametrize(("written", "typed"), [
    ("Hallo {voornaam}, hoe bevalt de buurt?", "Hallo {naam}, hoe bevalt de buurt?"),
    ("Hello {voornaam}, how do you like", "Hello {first_name}, how do you like"),  # the English text
])
def test_an_unknown_name_in_a_follow_up_text_is_reported(knowledge_copy: Path, written: str, typed: str) -> None:
    profile = knowledge_copy / "corporation.yml"
    profile.write_text(profile.read_text(encoding="utf-8").replace(written, typed), encoding="utf-8")
    name = typed[typed.index("{"):typed.index("}") + 1]
    assert any(f"opvolging.week_6: onbekend veld {name}" in m for m in messages(knowledge_copy))


def test_an_outdated_english_follow_up_text_is_still_checked_at_its_moment(knowledge_copy: Path) -> None:
    """Staff changed the Dutch text (the English one is outdated, tenants get Dutch) and the English
    text has a typo: renewing the fingerprint later must not bring an unknown name to tenants."""
    profile = knowledge_copy / "corporation.yml"
    text = profile.read_text(encoding="utf-8")
    text = text.replace("Hallo {voornaam}, hoe bevalt de buurt?", "Dag {voornaam}, hoe bevalt uw buurt?")
    text = text.replace("Hello {voornaam}, how do you like", "Hello {first_name}, how do you like")
    profile.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    - id: week_6") + 1
    assert f"corporation.yml:{line}: opvolging.week_6: onbekend veld {{first_name}}" in messages(knowledge_copy)


def test_a_maatwerk_problem_points_at_the_line_of_its_field(knowledge_copy: Path) -> None:
    """`path:line:` names the field's own line, not the line of `maatwerk:` twenty lines up."""
    profile = knowledge_copy / "corporation.yml"
    original = profile.read_text(encoding="utf-8")
    at = original.index("    reactietijd_werkdagen: 5", original.index("  zorg:\n"))
    text = original[:at] + "    reactietijd_werkdagen: vijf" + original[at + len("    reactietijd_werkdagen: 5"):]
    profile.write_text(text, encoding="utf-8")
    line = text.count("\n", 0, at) + 1
    assert f"corporation.yml:{line}: 'maatwerk.zorg.reactietijd_werkdagen' moet een heel getal van 1 of meer " \
        "zijn" in messages(knowledge_copy)
    profile.write_text(original.replace("    team_en: our rent collection team\n", "    team_en: [rent]\n"),
                       encoding="utf-8")
    found = [m for m in messages(knowledge_copy) if "later_incasso.team_en" in m and "waarschuwing" not in m]
    line = original.count("\n", 0, original.index("    team_en: our rent collection team")) + 1
    assert found == [f"corporation.yml:{line}: 'maatwerk.later_incasso.team_en' moet een tekst zijn (of weglaten)"]
