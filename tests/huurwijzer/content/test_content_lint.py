from pathlib import Path

import pytest

from bot.kennis import main as kennis
from huurwijzer.content.lint_folder import lint_knowledge
from tests.file_edit import edit as _edit

ROOT = Path(__file__).resolve().parents[3]


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
    assert "De bronnen (veld reviewed) zijn overal in het afgelopen jaar gecontroleerd." in out


def test_sources_not_checked_for_a_year_are_listed(knowledge_copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = knowledge_copy / "entries" / "rookmelders.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  date: '2026-12-02'", "  date: '2025-06-01'"),
                    encoding="utf-8")
    from datetime import date

    from bot.kennis import verouderd

    assert verouderd(knowledge_copy, date(2026, 12, 10)) == 0
    out = capsys.readouterr().out
    assert "rookmelders.yml: bronnen laatst gecontroleerd 2025-06-01" in out
    assert "1 antwoord(en) of onderdeel/onderdelen" in out


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


# ---- issue 19: values from the profile, sources, "by law" and emergencies --------------------


@pytest.mark.parametrize("entry, old, typed, field", [
    ("klacht-indienen", "{norm_klacht}", "binnen 2 weken", "norm_klacht"),
    ("reparatie-melden", "{voorrijkosten}", "€ 37,50", "voorrijkosten"),
    ("reparatie-melden", "{voorrijkosten}", "37,50 euro", "voorrijkosten"),
    ("contact-en-openingstijden", "{telefoon}", "088-0001234", "telefoon"),
    ("spoednummer", "{spoednummer}", "088 000 12 99", "spoednummer"),
])
def test_profile_value_typed_into_an_answer_is_refused(knowledge_copy: Path, entry: str, old: str, typed: str,
                                                       field: str) -> None:
    _edit(knowledge_copy / "entries" / f"{entry}.yml", old, typed)
    found = [m for m in messages(knowledge_copy) if m.startswith(f"entries/{entry}.yml:")]
    assert any(f"schrijf {{{field}}}" in m for m in found), found


def test_profile_value_typed_into_a_reply_or_repair_is_refused(knowledge_copy: Path) -> None:
    _edit(knowledge_copy / "replies.yml", "{norm_afspraak} een afspraak", "binnen 5 werkdagen een afspraak")
    _edit(knowledge_copy / "repairs.yml", "Bel dan {spoednummer}, dag en nacht.", "Bel dan 088 - 000 12 99.")
    found = messages(knowledge_copy)
    assert any(m.startswith("replies.yml:") and "schrijf {norm_afspraak}" in m for m in found), found
    assert any(m.startswith("repairs.yml:") and "buitendeur: condition" in m and "{spoednummer}" in m for m in found)


def test_a_legal_one_month_is_not_mistaken_for_a_profile_value(knowledge_copy: Path) -> None:
    # the garage notice (practice) is "één maand" in the profile; the law's one month may still be written
    assert "één maand" in (knowledge_copy / "entries" / "huur-opzeggen.yml").read_text(encoding="utf-8")
    assert messages(knowledge_copy) == []


def test_entry_without_sources_or_review_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "entries" / "woningruil.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("sources:")], encoding="utf-8")
    found = messages(knowledge_copy)
    assert any("woningruil.yml" in m and "veld 'sources' ontbreekt" in m for m in found)
    assert any("woningruil.yml" in m and "veld 'reviewed' ontbreekt" in m for m in found)


def test_by_law_needs_a_source_in_the_besluit_or_the_civil_code(knowledge_copy: Path) -> None:
    path = knowledge_copy / "repairs.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: gordijnrail")
    block = text[start:text.index("  - id:", start + 5)]
    path.write_text(text.replace(block, block.replace("basis: eigen", "basis: wet")), encoding="utf-8")
    line = text[:start].count("\n") + 1
    assert f"repairs.yml:{line}: gordijnrail: basis 'wet' kan alleen met een bron uit het Besluit kleine " \
        "herstellingen of het BW (wetten.overheid.nl); anders basis bij_ons of eigen" in messages(knowledge_copy)


def test_repair_object_without_sources_or_review_is_refused(knowledge_copy: Path) -> None:
    path = knowledge_copy / "repairs.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: kraanleertje")
    end = text.index("  - id:", start + 5)
    block = text[start:end]
    path.write_text(text.replace(block, block[:block.index("    sources:")]), encoding="utf-8")
    found = [m for m in messages(knowledge_copy) if "kraanleertje" in m]
    assert any("'sources' ontbreekt" in m for m in found) and any("'reviewed' moet" in m for m in found)
    assert any("basis 'wet' kan alleen" in m for m in found)


@pytest.mark.parametrize("entry, kind, old, new, says", [
    ("brand", "brand", "Brand? Bel meteen 112.", "Brand? Bel ons op {telefoon}, daarna 112.", "moet 112 het eerste"),
    ("gaslucht", "gas", "5. Bel buiten 112", "5. Bel buiten 0800-9009 of 112", "niet 0800-9009"),
    ("koolmonoxide", "koolmonoxide", "4. Bel 112", "4. Bel {spoednummer} en daarna 112", "niet {spoednummer}"),
    ("lekkage-spoed", "lekkage", "4. Bel ons spoednummer: {spoednummer}", "4. Bel {telefoon}", "112 of {spoednummer}"),
])
def test_emergency_answer_must_name_112_or_the_emergency_number_first(knowledge_copy: Path, entry: str, kind: str,
                                                                     old: str, new: str, says: str) -> None:
    _edit(knowledge_copy / "entries" / f"{entry}.yml", old, new)
    found = [m for m in messages(knowledge_copy) if m.startswith("emergencies.yml:")]
    assert any(f"{kind}: antwoord '{entry}'" in m and says in m for m in found), found


def test_emergency_answer_without_any_number_is_refused() -> None:
    from huurwijzer.content.lint import emergency_problems

    assert emergency_problems("Ga naar buiten.", life_threatening=False) == ["noemt geen 112 en geen {spoednummer}"]
    assert emergency_problems("Bel {spoednummer}, of 112.", life_threatening=False) == []


def test_a_source_address_without_https_says_how_to_write_it(knowledge_copy: Path) -> None:
    """QA, session 16: a source address typed without https:// gave staff "sources.0.url: moet de juiste vorm
    hebben zijn" (broken Dutch that did not say what was wrong). The message says the form the address needs."""
    path = knowledge_copy / "entries" / "huisdieren.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("url: https://www.woonbond.nl", "url: www.woonbond.nl", 1), encoding="utf-8")
    found = [m for m in messages(knowledge_copy) if "sources.0.url" in m]
    assert found and all("hebben zijn" not in m and "https://" in m and "{website}" in m for m in found), found
