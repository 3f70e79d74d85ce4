"""One bot turn as the flows and the answering build it: the text with its buttons, the metadata
message after it (topic, confidence, knowledge id, responsible party) and the mark that the text
carries the tenant's own data. Fixed texts come from knowledge/replies.yml, filled from the profile."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple

from huurwijzer.content.knowledge import render
from huurwijzer.content.loader import Content
from huurwijzer.content.replies import Button

# The metadata key naming a fixed reply that a follow-on message is read against (in_context), for a reply
# without a knowledge id: a knowledge id would ask "Heeft dit geholpen?" under it (bot/channels/webchat.py).
CONTEXT_KEY = "context"


@dataclass(frozen=True)
class AnswerMetadata:
    topic: str
    confidence: float
    knowledge_id: Optional[str] = None
    responsible_party: Optional[str] = None
    context: Optional[str] = None  # CONTEXT_KEY, only in the payload when set

    def as_payload(self) -> Dict[str, Any]:
        payload = {
            "topic": self.topic,
            "confidence": round(min(max(self.confidence, 0.0), 1.0), 4),
            "knowledge_id": self.knowledge_id,
            "responsible_party": self.responsible_party,
        }
        return {**payload, CONTEXT_KEY: self.context} if self.context else payload


def knowledge_id_in(payload: Mapping[str, Any]) -> Optional[str]:
    """The knowledge id of a metadata message as_payload wrote (None when it had none)."""
    found = payload.get("knowledge_id")
    return str(found) if found else None


def context_in(payload: Mapping[str, Any]) -> Optional[str]:
    """The context (CONTEXT_KEY) of a metadata message as_payload wrote (None when it had none)."""
    found = payload.get(CONTEXT_KEY)
    return str(found) if found else None


@dataclass(frozen=True)
class Reply:
    """One bot turn: the text with its buttons, then the metadata message."""

    text: str
    metadata: AnswerMetadata
    reply_name: Optional[str] = None  # which fixed text of knowledge/replies.yml, if any
    buttons: Tuple[Button, ...] = ()
    personal: bool = False  # the text carries the tenant's own data (shared_names.PERSONAL_KEY)

    def as_personal(self) -> Reply:
        return replace(self, personal=True)

    def as_intro(self) -> str:
        """The text said before another reply (an intro), keeping its personal mark."""
        return PersonalText(self.text) if self.personal else self.text


class PersonalText(str):
    """A text said without metadata (an intro) that carries the tenant's own data; joining texts
    gives a plain str, so wrap the finished text."""


def reply_text(content: Content, name: str, extra: Optional[Mapping[str, str]] = None) -> str:
    """The text of knowledge/replies.yml entry `name`, filled from the profile and `extra`."""
    return render(content.replies[name].text, {**content.profile.variables, **(extra or {})})


def fixed_reply(
    content: Content, name: str, metadata: AnswerMetadata,
    extra: Optional[Mapping[str, str]] = None, buttons: Sequence[Button] = (),
) -> Reply:
    """A text from knowledge/replies.yml, filled from the profile; `buttons` go before its own."""
    return Reply(reply_text(content, name, extra), metadata, name, tuple(buttons) + content.replies[name].buttons)
