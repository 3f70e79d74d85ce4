"""Fixed assistant texts (knowledge/replies.yml), editable by staff like knowledge entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping, Tuple

from huurwijzer.content.knowledge import KnowledgeError, read_yaml

# {names} in fixed texts that the actions fill in themselves (not from the corporation profile).
ACTION_VARIABLES = frozenset({
    "weer_bereikbaar", "onderdeel", "uitleg", "voorwaarde",
    # personal answers (huurwijzer.conversation.personal, huurwijzer.conversation.personal_questions)
    "voornaam", "code", "kale_huur", "servicekosten", "totale_huur", "betaalwijze", "vervaldag", "achterstand",
    "laatste_betaling", "adres", "woningtype", "energielabel", "contractnummer", "startdatum", "verwarming",
    "complex", "huismeester", "huismeester_telefoon", "afvaldagen", "verzoeken", "referentie", "ruimte", "datum",
    "status", "afspraak", "regeling_bedrag", "regeling_start",
    # onboarding journey (huurwijzer.conversation.journey_steps)
    "stap", "aantal", "titel", "klaar", "stappen", "voorbeelden_klein",
    # reciprocity programme (huurwijzer.conversation.personal.rewards_reply)
    # (never the tenant's own arrears history: no such variable exists)
    "programma", "voordelen", "huurder_maanden", "achterstand_maanden",
    # after the keys: follow-ups, maatwerk, choices, repair feedback
    # (huurwijzer.conversation.followup_flows, actions.aftercare)
    "kanaal", "team", "reactietijd", "hoe", "wanneer", "route", "notitie",
})


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class ReplyText:
    text: str
    buttons: Tuple[Button, ...]


def parse_replies(raw: Any, where: str) -> Mapping[str, ReplyText]:
    if not isinstance(raw, Mapping):
        raise KnowledgeError(f"{where}: het bestand bevat geen teksten")
    replies = {}
    for name, item in raw.items():
        if not isinstance(item, Mapping) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise KnowledgeError(f"{where}: '{name}' heeft geen text")
        buttons = []
        for button in item.get("buttons") or []:
            if not isinstance(button, Mapping) or not button.get("title") or not button.get("payload"):
                raise KnowledgeError(f"{where}: elke knop bij '{name}' heeft een title en een payload")
            buttons.append(Button(str(button["title"]), str(button["payload"])))
        replies[str(name)] = ReplyText(item["text"].strip(), tuple(buttons))
    return MappingProxyType(replies)


def load_replies(path: Path) -> Mapping[str, ReplyText]:
    return parse_replies(read_yaml(path), str(path))
