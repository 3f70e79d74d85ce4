"""The profile's Dutch wording has English twins (corporation.yml, "_en") for English conversations:
the check reports an English text that would say a profile field in Dutch, at the English text,
naming the twin to write; with every twin written, knowledge/ is clean."""

from __future__ import annotations

import re
from pathlib import Path

from huurwijzer.content.lint_folder import lint_knowledge
from huurwijzer.content.loader import build_content, in_language


def test_every_worded_profile_field_has_its_english_twin(knowledge_copy: Path) -> None:
    from huurwijzer.content.profile import WORDED_FIELDS

    content = build_content(knowledge_copy)
    english = in_language(content, "en").profile.variables
    assert all(english[name] != content.profile.variables[name] for name in WORDED_FIELDS), \
        [name for name in WORDED_FIELDS if english[name] == content.profile.variables[name]]
    assert "glass fund" in english["glasschade_regeling"]  # the setting texts come in English too
    assert not [p for p in lint_knowledge(knowledge_copy) if "Engelse versie" in p.message]


def test_an_english_text_using_a_field_without_its_twin_is_reported(knowledge_copy: Path) -> None:
    profile = knowledge_copy / "corporation.yml"
    profile.write_text(re.sub(r"^  betalingsregeling_en: .*\n", "", profile.read_text(encoding="utf-8"), flags=re.M),
                       encoding="utf-8")
    messages = [f"{p.path.name}: {p.message}" for p in lint_knowledge(knowledge_copy)]
    twin = "corporation.yml heeft geen Engelse versie (huur.betalingsregeling_en)"
    assert f"languages.yml: rent_arrears: Engelse tekst gebruikt {{betalingsregeling}}, maar {twin}" in messages
    assert f"huurachterstand.yml: answer_en: Engelse tekst gebruikt {{betalingsregeling}}, maar {twin}" in messages
    # Until it is written, the English conversation says the Dutch text (nothing is left empty).
    content = build_content(knowledge_copy)
    assert in_language(content, "en").profile.variables["betalingsregeling"] == \
        content.profile.variables["betalingsregeling"]
