"""What each piece of shared channel state does, whether it lives in memory or in Redis, and how
long it is kept."""

from __future__ import annotations

from typing import Any, Dict, List, Protocol

WINDOW_SECONDS = 10.0
SEEN_SECONDS = 24 * 3600  # Meta retries a webhook for up to a day
CHOICES_SECONDS = 3600
KNOWN_SECONDS = 3600.0  # a sender counts as known this long after its first message


class SenderLimit(Protocol):
    async def allow(self, sender: str) -> bool: ...


class NewSenderLimit(Protocol):
    async def allow(self, address: str, sender: str) -> bool: ...


class SeenMessages(Protocol):
    async def first_time(self, message_id: str) -> bool: ...


class Choices(Protocol):
    async def put(self, key: str, choices: List[Dict[str, Any]]) -> None: ...
    async def pop(self, key: str) -> List[Dict[str, Any]]: ...
    async def peek(self, key: str) -> List[Dict[str, Any]]: ...
