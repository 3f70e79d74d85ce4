from pathlib import Path

import pytest
import yaml

from actions.profile import PROFILE_VARIABLES, ProfileError, load_profile, parse_profile

ROOT = Path(__file__).resolve().parents[2]


def raw_profile() -> dict:
    return yaml.safe_load((ROOT / "knowledge" / "corporation.yml").read_text(encoding="utf-8"))


def test_demo_profile_fills_every_variable() -> None:
    profile = load_profile(ROOT / "knowledge" / "corporation.yml")
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
    raw["feestdagen"] = ["eerste kerstdag"]
    with pytest.raises(ProfileError, match="geen datum"):
        parse_profile(raw)
