"""The rewards programme's benefits in English (`beloningsprogramma.voordelen_en`): shown to a tenant
who writes English while their fingerprint names today's Dutch benefits (an outdated English text is
not shown: the Dutch benefits are); one per benefit, no priority for repairs; the linter warns about an
outdated one and `make kennis-engels-klopt` stamps it right under the list."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from huurwijzer.content.fixed_twins import fixed_twin_problems
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import build_content, in_language
from huurwijzer.content.profile import ProfileError, load_profile
from huurwijzer.conversation.personal import rewards_reply
from huurwijzer.conversation.reply import AnswerMetadata
from huurwijzer.tenancy.backoffice import Contract

ENGLISH_BENEFIT = "once a year a handyman day on which we do small jobs for you"
DUTCH_BENEFIT = "één keer per jaar een klusdag waarop wij kleine klusjes voor u doen"
CONTRACT = Contract("HC-1", date(2020, 1, 1), None, Decimal("700"), Decimal("40"), "incasso", 1, "Straat", 1, None,
                    "1234 AB", "Eemdal", "flat", "cv", None, "Complex", None, None, None)


def _switched_on(knowledge: Path, *changes: tuple[str, str]) -> Path:
    path = knowledge / "corporation.yml"
    text = path.read_text(encoding="utf-8").replace("  aan: false", "  aan: true", 1)
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def _benefits_shown(knowledge: Path, english: bool) -> str:
    content = build_content(knowledge)
    if english:
        content = in_language(content, ENGLISH)
    reply = rewards_reply(content, content.profile.rewards, CONTRACT, 24, date(2026, 11, 22),
                          AnswerMetadata("my_rent", 0.9))
    return reply.text


def test_an_english_tenant_reads_the_english_benefits(knowledge_copy: Path) -> None:
    _switched_on(knowledge_copy)
    assert ENGLISH_BENEFIT in _benefits_shown(knowledge_copy, english=True)
    dutch = _benefits_shown(knowledge_copy, english=False)
    assert DUTCH_BENEFIT in dutch and ENGLISH_BENEFIT not in dutch


def test_an_outdated_english_text_is_not_shown_and_the_linter_warns(knowledge_copy: Path) -> None:
    _switched_on(knowledge_copy, ("een tegoedbon van € 25", "een tegoedbon van € 30"))
    shown = _benefits_shown(knowledge_copy, english=True)
    assert ENGLISH_BENEFIT not in shown and "een tegoedbon van € 30" in shown
    warned = [str(p) for p in fixed_twin_problems(knowledge_copy) if "beloningsprogramma.voordelen_en" in str(p)]
    assert len(warned) == 1 and "Engelse tekst verouderd" in warned[0] and "waarschuwing" in warned[0]


def test_stamping_records_the_english_benefits_under_the_list(knowledge_copy: Path) -> None:
    from console.yaml_files import stamp_fixed_twins

    path = _switched_on(knowledge_copy, ("een tegoedbon van € 25", "een tegoedbon van € 30"),
                        ("  voordelen_en_of: '1b20e01e'\n", ""))
    assert stamp_fixed_twins(knowledge_copy, ["beloningsprogramma.voordelen"]) == [
        "beloningsprogramma.voordelen: voordelen_en"]
    lines = path.read_text(encoding="utf-8").splitlines()
    at = lines.index("  voordelen_en:")
    assert lines[at + 4].startswith("  voordelen_en_of: '")  # right under the last English benefit
    assert "een tegoedbon van € 30" in _benefits_shown(knowledge_copy, english=False)
    assert "a voucher of € 25" in _benefits_shown(knowledge_copy, english=True)  # confirmed: shown again


@pytest.mark.parametrize(("old", "new", "message"), [
    ("    - the service subscription free of charge in the month of your birthday\n", "",
     "één Engelse tekst per voordeel, in dezelfde volgorde (3 voordelen, 2 Engelse teksten)"),
    ("    - a voucher of € 25 for the garden or the balcony\n",
     "    - priority for your repair requests\n", "geen voorrang bij reparaties"),
    ("  voordelen_en:\n    - once a year", "  voordelen_en:\n    - 12\n    - once a year", "lijst met Engelse teksten"),
])
def test_bad_english_benefits_get_a_clear_dutch_message(knowledge_copy: Path, old: str, new: str,
                                                        message: str) -> None:
    path = _switched_on(knowledge_copy, (old, new))
    with pytest.raises(ProfileError, match=re.escape(message)):
        load_profile(path)
