"""Texts in other languages than Dutch (knowledge/languages.yml): English versions of fixed
texts, and for the languages the assistant does not answer in, one short message saying how to
reach a person. Dutch stays the default everywhere a translation is missing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Dict, Mapping

from huurwijzer.content.knowledge import KnowledgeError, read_yaml
from huurwijzer.content.language import DUTCH, ENGLISH, LANGUAGES
from huurwijzer.content.replies import ReplyText, parse_replies
from huurwijzer.content.twin_fingerprints import REPLY_DUTCH, REPLY_TWINS, hidden


@dataclass(frozen=True)
class Translations:
    english: Mapping[str, ReplyText]  # same names as knowledge/replies.yml
    only_dutch: str  # under an entry answer that has no English text
    other: Mapping[str, str]  # language code -> how to reach a person, in that language


def parse_translations(raw: Any, where: str, replies: Mapping[str, ReplyText],
                       hide_outdated: bool = True) -> Translations:
    """The texts of languages.yml; an English reply whose Dutch reply (replies.yml) changed after it
    was written is left out, so the Dutch reply is said (twin_fingerprints.hidden), unless
    `hide_outdated` is off (the linter checks every text)."""
    if not isinstance(raw, Mapping) or not isinstance(raw.get("english"), Mapping):
        raise KnowledgeError(f"{where}: 'english' ontbreekt")
    english = raw["english"]
    only_dutch = english.get("only_dutch")
    if not isinstance(only_dutch, str) or not only_dutch.strip():
        raise KnowledgeError(f"{where}: english.only_dutch ontbreekt of is leeg")
    english_replies = parse_replies(english.get("replies") or {}, f"{where} (english.replies)")
    unknown = sorted(set(english_replies) - set(replies))
    if unknown:
        raise KnowledgeError(f"{where}: english.replies noemt teksten die niet in replies.yml staan: "
                             f"{', '.join(unknown)}")
    other = {}
    for code, item in (raw.get("other_languages") or {}).items():
        if code not in LANGUAGES or code in (DUTCH, ENGLISH):
            raise KnowledgeError(f"{where}: onbekende taal '{code}' (mogelijk: {', '.join(LANGUAGES[2:])})")
        if not isinstance(item, Mapping) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise KnowledgeError(f"{where}: other_languages.{code} heeft geen text")
        other[str(code)] = item["text"].strip()
    if hide_outdated:
        english_replies = MappingProxyType({
            name: reply for name, reply in english_replies.items()
            if "text" not in hidden(reply_twin(english["replies"].get(name) or {}, replies[name].text), REPLY_TWINS)})
    return Translations(english_replies, only_dutch.strip(), MappingProxyType(other))


def reply_twin(english: Mapping[str, Any], dutch: str) -> Dict[str, Any]:
    """An English reply of languages.yml with the Dutch text it translates beside it, as the fingerprint
    functions read a twin."""
    return {**english, REPLY_DUTCH: dutch}


def load_translations(path: Path, replies: Mapping[str, ReplyText]) -> Translations:
    return parse_translations(read_yaml(path), str(path), replies)
