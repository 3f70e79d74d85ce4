"""Emergencies that stop a repair report at once (knowledge/emergencies.yml, staff-editable)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, FrozenSet, Mapping, Optional, Pattern, Tuple

from huurwijzer.content.knowledge import KnowledgeError, read_yaml


@dataclass(frozen=True)
class Emergency:
    kind: str
    entry_id: str  # the knowledge entry with what to do now
    pattern: Pattern[str]
    only_in_winter: bool
    life_threatening: bool = False  # its answer must tell the tenant to call 112 before anything else
    # Told as happening now it is urgent even when the tenant asks who repairs ("er komt water door het
    # plafond, wie moet dat maken?"): huurwijzer.conversation.acute.
    acute: bool = False
    # `woorden_en`: English words that choose this emergency's answer for an English question ("my kitchen is
    # flooding" got the general overview: QA, session 20). They choose the answer only; the repair form and
    # the gate (acute) read the Dutch words.
    english: Optional[Pattern[str]] = None


@dataclass(frozen=True)
class Emergencies:
    items: Tuple[Emergency, ...]
    winter_months: FrozenSet[int]

    def danger_to_life(self, text: str) -> Optional[Emergency]:
        """An emergency marked `levensgevaar` named in the text, in any season."""
        return self._named(text, lambda item: item.life_threatening)

    def named_in_english(self, text: str) -> Optional[Emergency]:
        """An emergency whose English words (`woorden_en`) the text names."""
        lowered = " ".join(text.lower().split())
        return next((item for item in self.items if item.english is not None and item.english.search(lowered)), None)

    def answer_named(self, text: str, english: bool) -> Optional[Emergency]:
        """The emergency whose answer a question about an emergency gets: a danger to life named, else in an
        English question what `woorden_en` names."""
        return self.danger_to_life(text) or (self.named_in_english(text) if english else None)

    def acute(self, text: str) -> Optional[Emergency]:
        """An emergency marked `acuut` named in the text, in any season."""
        return self._named(text, lambda item: item.acute)

    def detect(self, text: str, today: date) -> Optional[Emergency]:
        return self._named(text, lambda item: not item.only_in_winter or today.month in self.winter_months)

    def _named(self, text: str, applies: Callable[[Emergency], bool]) -> Optional[Emergency]:
        lowered = " ".join(text.lower().split())
        return next((item for item in self.items if applies(item) and item.pattern.search(lowered)), None)


def _word_pattern(words: Any, where: str) -> Pattern[str]:
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        raise KnowledgeError(f"{where}: 'woorden' moet een lijst met teksten zijn")
    parts = []
    for word in words:
        word = " ".join(word.lower().split())
        suffix = r"\w*" if word.endswith("*") else ""
        parts.append(re.escape(word.rstrip("*")) + suffix)
    # Whole words only: "brand" must not fire on "het lampje brandt niet".
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")


def parse_emergencies(raw: Any, where: str) -> Emergencies:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("noodgevallen"), Mapping):
        raise KnowledgeError(f"{where}: 'noodgevallen' ontbreekt")
    months = raw.get("winter_maanden") or []
    if not isinstance(months, list) or not all(isinstance(m, int) and 1 <= m <= 12 for m in months):
        raise KnowledgeError(f"{where}: 'winter_maanden' moet een lijst met maandnummers (1-12) zijn")
    items = []
    for kind, item in raw["noodgevallen"].items():
        if not isinstance(item, Mapping) or not isinstance(item.get("antwoord"), str):
            raise KnowledgeError(f"{where}: noodgeval '{kind}' heeft geen 'antwoord' (id van een antwoord)")
        winter = item.get("alleen_in_winter", False)
        if winter not in (True, False, "ja", "nee"):
            raise KnowledgeError(f"{where}: 'alleen_in_winter' bij '{kind}' moet ja of nee zijn")
        danger = item.get("levensgevaar", False)
        if danger not in (True, False, "ja", "nee"):
            raise KnowledgeError(f"{where}: 'levensgevaar' bij '{kind}' moet ja of nee zijn")
        acute = item.get("acuut", False)
        if acute not in (True, False, "ja", "nee"):
            raise KnowledgeError(f"{where}: 'acuut' bij '{kind}' moet ja of nee zijn")
        english = item.get("woorden_en")
        items.append(Emergency(str(kind), item["antwoord"], _word_pattern(item.get("woorden"), f"{where}: {kind}"),
                               winter in (True, "ja"), danger in (True, "ja"), acute in (True, "ja"),
                               None if english is None else _word_pattern(english, f"{where}: {kind} (woorden_en)")))
    return Emergencies(tuple(items), frozenset(months))


def load_emergencies(path: Path) -> Emergencies:
    return parse_emergencies(read_yaml(path), str(path))
