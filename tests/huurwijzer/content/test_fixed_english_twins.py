"""The English fixed texts (corporation.yml `<field>_en`, onboarding.yml `titel_en`/`tekst_en`,
languages.yml english.replies) record the Dutch text they translate, like entries: the linter warns at
an outdated one, `make kennis-engels-klopt` stamps them without touching anything else, and a tenant
never reads an outdated one: the Dutch text is used, as when the English text is missing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

import pytest

from bot.kennis import main as kennis
from huurwijzer.content.fixed_twins import places
from huurwijzer.content.lint import Problem
from huurwijzer.content.lint_folder import lint_knowledge
from huurwijzer.content.loader import build_content, in_language
from huurwijzer.content.twin_fingerprints import CURRENT, fingerprint
from tests.file_edit import edit as _edit

ROOT = Path(__file__).resolve().parents[3] / "knowledge"
BALIE = "balie: alleen op afspraak, van maandag tot en met donderdag\n"
NEW_BALIE = "balie: alleen op afspraak, van maandag tot en met vrijdag\n"
GOODBYE = "  text: Graag gedaan. Fijne dag! U kunt hier altijd terugkomen met een nieuwe vraag.\n"
NEW_GOODBYE = "  text: Graag gedaan. Fijne dag! Bel ons gerust op {telefoon}.\n"
HOME = "    tekst: |-\n      Nu iets over uw eigen woning.\n"
NEW_HOME = "    tekst: |-\n      Nu iets over uw eigen woning en uw buurt.\n"


def _warnings(knowledge: Path) -> List[Problem]:
    return [p for p in lint_knowledge(knowledge) if p.warning]


def _line(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def test_every_shipped_english_fixed_text_belongs_to_its_dutch_text() -> None:
    found = places(ROOT)
    assert {p.file for p in found} == {"corporation.yml", "onboarding.yml", "languages.yml"}
    states = [s.state for p in found for s in p.states()]
    assert len(states) >= 25 + 14 + 100 and set(states) == {CURRENT}


def test_outdated_fixed_texts_are_warned_at_their_line_and_fall_back_to_dutch(knowledge_copy: Path) -> None:
    english = in_language(build_content(knowledge_copy), "en")
    assert english.profile.variables["balie"] == "by appointment only, Monday to Thursday"
    assert english.replies["goodbye"].text.startswith("You're welcome.")
    home = next(s for s in english.onboarding if s.id == "uw_woning")
    assert home.text_en == "Now something about your own home." and home.title_en == "Your home"

    _edit(knowledge_copy / "corporation.yml", BALIE, NEW_BALIE)
    _edit(knowledge_copy / "replies.yml", GOODBYE, NEW_GOODBYE)
    _edit(knowledge_copy / "onboarding.yml", HOME, NEW_HOME)
    warnings = _warnings(knowledge_copy)
    assert [(p.path.name, p.line) for p in warnings] == [
        ("corporation.yml", _line(knowledge_copy / "corporation.yml", "balie_en:")),
        ("languages.yml", _line(knowledge_copy / "languages.yml", "text: You're welcome. Have a nice day!")),
        ("onboarding.yml", _line(knowledge_copy / "onboarding.yml", "tekst_en: |-\n      Now something")),
    ]
    assert str(warnings[0]).endswith(
        "waarschuwing: balie_en: Engelse tekst verouderd: de Nederlandse tekst (balie) is gewijzigd sinds deze "
        "Engelse tekst is geschreven of bevestigd. Controleer de Engelse tekst en pas hem zo nodig aan; klopt hij, "
        "leg dat dan vast met make kennis-engels-klopt ID=balie (wie het bestand zelf bewerkt: zet balie_en_of: "
        f"'{fingerprint('alleen op afspraak, van maandag tot en met vrijdag')}')")
    assert "goodbye: text: Engelse tekst verouderd: de Nederlandse tekst met dezelfde naam (replies.yml)" in \
        warnings[1].message
    assert warnings[2].message.startswith("uw_woning: tekst_en: Engelse tekst verouderd")
    assert kennis(["--map", str(knowledge_copy), "controleer"]) == 0  # warnings do not hold a correction up

    english = in_language(build_content(knowledge_copy), "en")
    assert english.profile.variables["balie"] == "alleen op afspraak, van maandag tot en met vrijdag"
    assert english.profile.variables["norm_spoed"] == \
        "within 24 hours"  # the other twins stay English
    assert english.replies["goodbye"].text == "Graag gedaan. Fijne dag! Bel ons gerust op {telefoon}."
    assert english.replies["thank"].text.startswith("You're welcome!")
    home = next(s for s in english.onboarding if s.id == "uw_woning")
    assert home.text_en is None and home.title_en == "Your home"


def test_the_make_target_stamps_fixed_texts_and_changes_nothing_else(knowledge_copy: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    profile = knowledge_copy / "corporation.yml"
    _edit(profile, BALIE, NEW_BALIE)
    _edit(knowledge_copy / "replies.yml", GOODBYE, NEW_GOODBYE)
    stamped = profile.read_text(encoding="utf-8")
    bare = re.sub(r"^balie_en_of: .*\n", "", stamped, flags=re.M)
    profile.write_text(bare, encoding="utf-8")  # no record: unconfirmed, so served and stamped without an id
    assert in_language(build_content(knowledge_copy), "en").profile.variables["balie"].startswith("by appointment")

    assert kennis(["--map", str(knowledge_copy), "engels-klopt"]) == 0
    assert "balie: balie_en" in capsys.readouterr().out
    new_line = f"balie_en_of: '{fingerprint('alleen op afspraak, van maandag tot en met vrijdag')}'\n"
    assert profile.read_text(encoding="utf-8") == bare.replace('balie_en: "by appointment only, Monday to Thursday"\n',
                                                               'balie_en: "by appointment only, Monday to Thursday"\n'
                                                               + new_line)
    assert [p.path.name for p in _warnings(knowledge_copy)] == ["languages.yml"]  # outdated: only by name

    assert kennis(["--map", str(knowledge_copy), "engels-klopt", "goodbye"]) == 0
    assert not _warnings(knowledge_copy)
    english = in_language(build_content(knowledge_copy), "en")
    assert english.replies["goodbye"].text.startswith("You're welcome.")
    assert kennis(["--map", str(knowledge_copy), "engels-klopt", "bestaat-niet"]) == 2
