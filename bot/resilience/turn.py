"""One message handled as one turn (Agent.handle_message replaced): the conversation's lock, a
message already stored replayed instead of handled again, the replies held back until the turn
is stored, and an answer whatever failed."""

from __future__ import annotations

import asyncio
import copy
import logging
from typing import Any, Dict, List, Optional, Tuple

from bot.resilience.apology import apology_events, message_apology_language
from bot.resilience.conversation_lock import (
    LOCK_SECONDS,
    acquire,
    in_background,
    issue_ticket,
    keep_ticket,
    release,
    release_when_back,
)
from bot.resilience.replay import replayed_messages
from bot.resilience.stores import log_not_stored
from bot.tracker_store import one_turn

logger = logging.getLogger(__name__)


class HeldBackOutput:
    """Holds a turn's replies until the turn is stored; `send` passes them on, `discard` drops them."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self.messages: List[Tuple[str, Dict[str, Any]]] = []

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.channel, attribute)

    def name(self) -> str:
        return str(self.channel.name())

    async def send_response(self, recipient_id: str, message: Dict[str, Any]) -> None:
        self.messages.append((recipient_id, copy.deepcopy(message)))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text, **kwargs})

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"custom": json_message, **kwargs})

    def has_text(self) -> bool:
        return any(str(m.get("text") or "").strip() for _, m in self.messages)

    def discard(self) -> None:
        self.messages.clear()

    async def apologise(self, recipient_id: str, text: str = "") -> None:
        """The apology in the language of the tenant's message `text` (Dutch when unsure). Reading the
        language may build the detector (a cold start) and the text may be read from disk: both off
        the event loop, which other conversations share."""
        events = await asyncio.to_thread(lambda: apology_events(message_apology_language(text)))
        for event in events:
            await self.send_response(recipient_id, event.message())

    async def send(self) -> None:
        for recipient_id, message in self.messages:
            await self.channel.send_response(recipient_id, message)
        self.messages.clear()


async def _replay_if_stored(agent: Any, message: Any, output: HeldBackOutput) -> bool:
    """A message the conversation already holds (same channel message id) is not handled again;
    the replies stored after it are sent instead (bot/resilience/replay.py)."""
    tracker = await agent.tracker_store.retrieve(message.sender_id)
    if tracker is None:
        return False
    replies = replayed_messages(list(tracker.events), message.message_id)
    if replies is None:
        return False
    logger.info("conversation.duplicate_message: already stored, its answer is sent again")
    for reply in replies:
        await output.send_response(message.sender_id, reply)
    return True


async def handle_message(agent: Any, message: Any) -> Optional[List[Dict[str, Any]]]:
    """Agent.handle_message: the conversation's lock, the turn, and an answer whatever failed."""
    from rasa.core.channels.channel import CollectingOutputChannel

    from bot.speedups import LOCK_POLL_SECONDS

    if not agent.is_ready():
        logger.info("Ignoring message as there is no agent to handle it.")
        return None
    channel, store, sender = message.output_channel, agent.lock_store, message.sender_id
    output = HeldBackOutput(channel)
    message.output_channel = output
    try:
        try:
            ticket = await issue_ticket(store, sender, LOCK_SECONDS)
        except Exception as exc:  # noqa: BLE001 - Redis away: nothing handled, nothing stored
            log_not_stored(exc)
            await output.apologise(sender, _text(message))
            return None
        renewal = asyncio.ensure_future(keep_ticket(store, sender, ticket))
        try:
            await acquire(store, sender, ticket, LOCK_POLL_SECONDS)
            with one_turn():  # the conversation is ours until cleanup: read it from the database once
                if not await _replay_if_stored(agent, message, output):
                    await agent.processor.handle_message(message)
        except Exception as exc:  # noqa: BLE001 - the tenant gets an answer whatever failed
            log_not_stored(exc)
            output.discard()
            await output.apologise(sender, _text(message))
        finally:
            renewal.cancel()
            try:
                await release(store, sender, ticket)
            except Exception as exc:  # noqa: BLE001 - the turn is stored; its answer is sent
                logger.error("conversation.lock_not_released store=lock store (Redis) error=%s: the answer was "
                             "stored and is sent; the lock is released when Redis is back (at the latest in "
                             "%.0f s)", exc.__class__.__name__, LOCK_SECONDS)
                in_background(release_when_back(store, sender, ticket))
        if not output.has_text():
            logger.error("conversation.silent_turn: answered with the apology")
            await output.apologise(sender, _text(message))
    finally:
        message.output_channel = channel
        await output.send()
    return channel.messages if isinstance(channel, CollectingOutputChannel) else None


def _text(message: Any) -> str:
    return message.text if isinstance(getattr(message, "text", None), str) else ""


def install() -> None:
    from rasa.core.agent import Agent

    Agent.handle_message = handle_message  # type: ignore[method-assign,assignment]
