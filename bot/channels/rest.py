"""REST channel (POST /webhooks/rest/webhook) that accepts imperfect input politely.

Differences from Rasa's RestInput: the body is decoded as UTF-8 with replacement characters,
so non-UTF-8 bytes still get an answer; a missing message counts as an empty one; wrong types
get a 400 with a Dutch explanation instead of a stack trace; very long messages are cut to
MAX_MESSAGE_CHARS so one request cannot hold the NLU for long.
"""

from __future__ import annotations

import hmac
import json
import os
import re
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Mapping, Optional

import yaml
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic.exceptions import InvalidUsage as BadRequest
from sanic.exceptions import SanicException
from sanic.request import Request

from bot.channels.shared_state import new_sender_limit, sender_limit
from huurwijzer.conversation.shared_names import PORTAL_TOKEN_KEY

MAX_MESSAGE_CHARS = 10_000
# A whole request (the 10,000 characters of text leave ample room) and one metadata value.
MAX_BODY_BYTES = 256 * 1024
MAX_METADATA_CHARS = 4096
# The metadata keys a client may send (a portal token); everything else is dropped, not stored.
CLIENT_METADATA = frozenset({PORTAL_TOKEN_KEY})
# Conversation ids the other channels issue (web-chat sessions, WhatsApp's keyed hashes): a REST
# caller who learnt one must not continue that conversation.
FOREIGN_SENDER = re.compile(r"^(?:[0-9a-f]{32}|wa-[0-9a-f]{32})$")
MAX_MESSAGE_ID_CHARS = 200
# The caller's own id of the message being handled (REST field `message_id`), for Rasa's UserMessage.
_client_message_id: ContextVar[Optional[str]] = ContextVar("client_message_id", default=None)
# Only the WhatsApp connectors may say a message came from WhatsApp and from which number: a REST
# caller claiming so could make the assistant send one-time codes to someone else's phone.
CHANNEL_ONLY_CHANNELS = frozenset({"whatsapp", "twilio"})


@lru_cache(maxsize=1)
def channel_messages() -> Mapping[str, str]:
    path = Path(__file__).with_name("messages.yml")
    return dict(yaml.safe_load(path.read_text(encoding="utf-8")))


def client_metadata(metadata: Mapping[str, Any]) -> Dict[str, Any]:
    """Only the keys a client may send, each a string of sensible length."""
    return {k: v for k, v in metadata.items()
            if k in CLIENT_METADATA and isinstance(v, str) and len(v) <= MAX_METADATA_CHARS}


def client_message_id(value: Any) -> Optional[str]:
    """A channel's own id of a message (a retry carries the same one), or None when absent or unusable."""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        text = str(value).strip()
        if 0 < len(text) <= MAX_MESSAGE_ID_CHARS and text.isprintable():
            return text
    return None


def parse_body(body: bytes) -> Dict[str, Any]:
    """The checked request fields; raises BadRequest with a Dutch message."""
    texts = channel_messages()
    if len(body) > MAX_BODY_BYTES:
        raise SanicException(texts["too_large"], status_code=413)
    try:
        data = json.loads(body.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
        raise BadRequest(texts["invalid_body"]) from exc
    if not isinstance(data, dict):
        raise BadRequest(texts["invalid_body"])
    sender = data.get("sender")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip():
        raise BadRequest(texts["invalid_sender"])
    if FOREIGN_SENDER.match(str(sender)):
        raise SanicException(texts["foreign_sender"], status_code=403)
    message = data.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise BadRequest(texts["invalid_message"])
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise BadRequest(texts["invalid_metadata"])
    channel = data.get("input_channel")
    if not isinstance(channel, str) or not channel or channel.lower() in CHANNEL_ONLY_CHANNELS:
        channel = None
    if metadata is not None:
        metadata = client_metadata(metadata)
    return {
        "sender": str(sender),
        "message": message[:MAX_MESSAGE_CHARS],
        "metadata": metadata,
        "input_channel": channel,
        "message_id": client_message_id(data.get("message_id")),
    }


def client_address(request: Request) -> str:
    """The client's address; behind a proxy Sanic reads it from X-Forwarded-For when
    SANIC_PROXIES_COUNT is set (docs/deploy.md)."""
    return str(request.remote_addr or request.ip or "?")


def check_rest_key(request: Request) -> None:
    """The REST channel is for the corporation's own back ends: with HUURWIJZER_REST_KEY set, every
    call needs `Authorization: Bearer <key>`."""
    key = os.environ.get("HUURWIJZER_REST_KEY") or ""
    if not key:
        return
    given = request.headers.get("Authorization") or ""
    if not hmac.compare_digest(given.encode(), f"Bearer {key}".encode()):
        raise SanicException(channel_messages()["rest_key_required"], status_code=401)


class WholeMessages(CollectingOutputChannel):
    """Each bot message whole, as the web chat and the WhatsApp channels send it. Rasa's collector cut a text at its
    blank lines into messages of their own: an answer, "Meer informatie:" and its links came as three messages (on
    REST, three bubbles; Twilio does not even promise their order: QA, session 19)."""

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._persist_message(self._message(recipient_id, text=text.strip()))


def whole_messages(channel: Any) -> Any:
    """Rasa's REST collector as WholeMessages, collecting into the same list the REST answer returns."""
    if type(channel) is not CollectingOutputChannel:  # the streamed answer keeps Rasa's queue
        return channel
    whole = WholeMessages()
    whole.messages = channel.messages
    return whole


class RestInput(RasaRestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Any:
        async def with_client_id(message: UserMessage) -> Any:
            message_id = _client_message_id.get()
            if message_id:
                message.message_id = message_id
            message.output_channel = whole_messages(message.output_channel)
            return await on_new_message(message)

        return super().blueprint(with_client_id)

    def _fields(self, req: Request) -> Dict[str, Any]:
        cached = getattr(req.ctx, "huurwijzer_fields", None)
        if cached is None:
            check_rest_key(req)
            cached = parse_body(req.body or b"")
            req.ctx.huurwijzer_fields = cached
            _client_message_id.set(cached["message_id"])
        return cached  # type: ignore[no-any-return]

    async def _extract_sender(self, req: Request) -> Optional[str]:
        sender = str(self._fields(req)["sender"])
        if not await new_sender_limit().allow(client_address(req), sender):
            raise SanicException(channel_messages()["too_many_conversations"], status_code=429)
        if not await sender_limit().allow(sender):
            raise SanicException(channel_messages()["too_fast"], status_code=429)
        return sender

    def _extract_message(self, req: Request) -> Optional[str]:
        return str(self._fields(req)["message"])

    def _extract_input_channel(self, req: Request) -> str:
        return str(self._fields(req)["input_channel"] or self.name())

    def get_metadata(self, request: Request) -> Optional[Dict[str, Any]]:
        metadata = self._fields(request)["metadata"]
        return metadata if isinstance(metadata, dict) else None
