from datetime import date
from pathlib import Path

import pytest
import yaml

from huurwijzer.content.loader import load_full_profile
from huurwijzer.content.profile import PROFILE_VARIABLES, ProfileError, load_profile, parse_profile

ROOT = Path(__file__).resolve().parents[3]


def raw_profile() -> dict:
    return yaml.safe_load((ROOT / "knowledge" / "corporation.yml").read_text(encoding="utf-8"))


def test_demo_profile_fills_every_variable() -> None:
    profile = load_full_profile(ROOT / "knowledge")
    assert set(profile.variables) == PROFILE_VARIABLES
    assert all(value for value in profile.variables.values())
    assert profile.variables["corporatie"] == "Woongoed Eemdal"


def test_missing_field_is_named_in_dutch() -> None:
    raw = raw_profile()
    del raw["servicenormen"]["spoed"]
    with pytest.raises(ProfileError, match="servicenormen.spoed.*ontbreekt"):
        parse_profile(raw)


def test_bad_opening_hours_are_explained() -> None:
    raw = raw_profile()
    raw["openingstijden"]["telefoon"]["maandag"] = "negen tot vijf"
    with pytest.raises(ProfileError, match="openingstijden.telefoon"):
        parse_profile(raw)


def test_bad_holiday_is_explained() -> None:
    raw = raw_profile()
    raw["feestdagen"]["eigen_sluitingsdagen"] = ["eerste kerstdag"]
    with pytest.raises(ProfileError, match="geen datum"):
        parse_profile(raw)
    raw["feestdagen"] = ["2026-12-25"]  # the old typed list
    with pytest.raises(ProfileError, match="land"):
        parse_profile(raw)


def test_holidays_come_from_the_library_plus_our_own_days() -> None:
    holidays = load_profile(ROOT / "knowledge" / "corporation.yml").holidays
    assert date(2027, 3, 29) in holidays  # Easter Monday 2027 (the typed list said 5 April)
    assert date(2027, 4, 5) not in holidays
    assert date(2031, 4, 14) in holidays  # years nobody typed in
    assert date(2027, 3, 26) not in holidays  # Good Friday: open_op
    assert date(2027, 5, 5) in holidays and date(2028, 5, 5) in holidays  # own closing day, every year
    raw = raw_profile()
    raw["feestdagen"]["open_op"] = ["Sinterklaas"]
    with pytest.raises(ProfileError, match="geen feestdag"):
        parse_profile(raw)
    raw["feestdagen"] = {"land": "NL", "eigen_sluitingsdagen": ["2026-12-24"]}
    holidays = parse_profile(raw).holidays
    assert date(2026, 12, 24) in holidays and date(2027, 12, 24) not in holidays
    assert date(2027, 3, 26) in holidays  # without open_op Good Friday is closed


@pytest.mark.parametrize("glass_fund, expected", [(True, "glasfonds"), (False, "inboedelverzekering")])
def test_glass_fund_setting_chooses_the_text(tmp_path: Path, glass_fund: bool, expected: str) -> None:
    import shutil

    shutil.copytree(ROOT / "knowledge", tmp_path / "k")
    path = tmp_path / "k" / "corporation.yml"
    setting = f"glasfonds: {str(glass_fund).lower()}"
    path.write_text(path.read_text(encoding="utf-8").replace("glasfonds: true", setting), encoding="utf-8")
    profile = load_full_profile(tmp_path / "k")
    assert expected in profile.variables["glasschade_regeling"]
    assert profile.glass_fund is glass_fund


def test_settings_must_be_yes_or_no() -> None:
    raw = raw_profile()
    raw["serviceabonnement"]["verplicht"] = "soms"
    with pytest.raises(ProfileError, match="serviceabonnement.verplicht"):
        parse_profile(raw)
    raw = raw_profile()
    raw["glasfonds"] = "ja"
    with pytest.raises(ProfileError, match="glasfonds"):
        parse_profile(raw)


def test_required_subscription_changes_the_text() -> None:
    raw = raw_profile()
    raw["serviceabonnement"]["verplicht"] = True
    from huurwijzer.content.profile import with_setting_texts

    profile = with_setting_texts(parse_profile(raw), {
        "profiel_glasfonds_ja": "a", "profiel_glasfonds_nee": "b",
        "profiel_abonnement_verplicht": "hoort bij elk contract: {abonnement_naam}",
        "profiel_abonnement_vrijwillig": "d"})
    assert profile.variables["abonnement_verplicht"] == "hoort bij elk contract: Klusjesabonnement"


def test_opening_hours_are_english_in_the_english_wording() -> None:
    """English answers render {openingstijden_telefoon} with English day names, not "maandag t/m"."""
    profile = load_full_profile(ROOT / "knowledge")
    assert profile.variables["openingstijden_telefoon"].startswith("maandag t/m donderdag")
    for name in ("openingstijden_telefoon", "openingstijden_chat"):
        english = profile.variables_en[name]
        assert english.startswith("Monday to Thursday") and "maandag" not in english and "t/m" not in english
