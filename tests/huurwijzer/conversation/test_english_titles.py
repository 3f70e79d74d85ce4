"""An English tenant reads an entry's English title (title_en) where the assistant shows an entry's
title: on the fallback's buttons and on the button for a second question. An entry without one shows
its Dutch title; an outdated English title (the Dutch title changed since) is never shown."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content, build_content, in_language
from huurwijzer.content.twin_fingerprints import fingerprint
from huurwijzer.conversation.answering import second_question
from huurwijzer.conversation.suggestions import suggest_topics

RANKING: List[Dict[str, Any]] = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "pets", "confidence": 0.3},
                                 {"name": "insurance", "confidence": 0.2}, {"name": "rent_payment", "confidence": 0.1}]
QUESTION = "can I have a dog here"
PETS = '/pets{"knowledge_id":"huisdieren"}'
NEW_DUTCH_TITLE = "Huisdieren, ook in de tuin"


def _titles(content: Content) -> Dict[str, str]:
    """Payload -> title of the fallback's buttons for an English tenant."""
    reply = suggest_topics(in_language(content, ENGLISH), RANKING, QUESTION)
    return {b.payload: b.title for b in reply.buttons}


def test_the_english_fallback_shows_english_titles_and_a_dutch_one_where_none_is_written(content: Content) -> None:
    titles = _titles(content)
    assert titles[PETS] == "Pets in your home"
    assert titles['/rent_payment{"knowledge_id":"huur-betalen"}'] == "Paying the rent: when and how"
    insurance = content.knowledge.get("verzekeringen")
    assert insurance is not None and insurance.title_en is None
    assert titles['/insurance{"knowledge_id":"verzekeringen"}'] == insurance.title  # no English title written
    assert titles["/deny"] == "Something else"


def test_a_dutch_tenant_still_reads_the_dutch_titles(content: Content) -> None:
    reply = suggest_topics(content, RANKING, "mag ik hier een hond houden")
    assert {b.payload: b.title for b in reply.buttons}[PETS] == "Huisdieren in uw woning"


def test_the_second_question_button_is_english_for_an_english_tenant(content: Content) -> None:
    english = second_question(in_language(content, ENGLISH), "Can I keep a cat? Hoe kan ik de huur betalen?", "pets")
    assert [b.title for b in english] == ["Your other question: Paying the rent: when and how"]
    dutch = second_question(content, "Mag ik een kat houden? Hoe kan ik de huur betalen?", "pets")
    assert [b.title for b in dutch] == ["Uw andere vraag: Huur betalen: wanneer en hoe"]


def _retitle(knowledge: Path, keep_fingerprint: bool = True) -> None:
    path = knowledge / "entries" / "huisdieren.yml"
    text = path.read_text(encoding="utf-8").replace("title: Huisdieren in uw woning\n", f"title: {NEW_DUTCH_TITLE}\n")
    if not keep_fingerprint:
        text = re.sub(r"^title_en_of: .*\n", "", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def test_an_outdated_english_title_is_not_shown(knowledge_copy: Path) -> None:
    _retitle(knowledge_copy)
    content = build_content(knowledge_copy)
    entry = content.knowledge.get("huisdieren")
    assert entry is not None and entry.title_en is None and entry.answer_en  # only the title is outdated
    assert _titles(content)[PETS] == NEW_DUTCH_TITLE


def test_an_english_title_confirmed_for_the_new_dutch_title_is_shown_again(knowledge_copy: Path) -> None:
    _retitle(knowledge_copy)
    path = knowledge_copy / "entries" / "huisdieren.yml"
    text = re.sub(r"^title_en_of: .*$", f"title_en_of: {fingerprint(NEW_DUTCH_TITLE)}",
                  path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text, encoding="utf-8")
    assert _titles(build_content(knowledge_copy))[PETS] == "Pets in your home"


def test_an_unconfirmed_english_title_is_shown(knowledge_copy: Path) -> None:
    _retitle(knowledge_copy, keep_fingerprint=False)  # nothing recorded, so nothing to call outdated
    assert _titles(build_content(knowledge_copy))[PETS] == "Pets in your home"


def test_every_published_entry_with_an_english_answer_has_a_current_english_title(content: Content) -> None:
    english = [e for e in content.knowledge.published() if e.answer_en]
    assert english and all(e.title_en for e in english), [e.id for e in english if not e.title_en]
