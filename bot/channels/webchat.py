"""Website chat: a Socket.IO channel plus the widget that talks to it, served by the Rasa server.

    /webhooks/webchat/             demo page with the one-line embed snippet
    /webhooks/webchat/widget.js    the widget (labels from bot/channels/messages.yml prepended)
    /webhooks/webchat/widget.css, /webhooks/webchat/vendor/socket.io.min.js
    /webhooks/webchat/feedback     POST {session_id, knowledge_id, helpful}: "Heeft dit geholpen?"
    /webchat/socket.io             the Socket.IO endpoint

Rasa's own socketio channel cannot send our per-turn metadata message (it passes the dict as
keyword arguments to emit), so this channel has its own output. A portal token in the message
metadata logs the tenant in.

Sessions: the server issues the session id (the conversation id) together with a session key, an
HMAC of the id with HUURWIJZER_ACTION_SECRET (huurwijzer.conversation.channel_trust.session_token), in
`session_confirm` and `session_key`. A socket rejoins a session only with its key (after a reload or
a network drop; on any Rasa server sharing the secret); otherwise it gets a new session. Messages go
to the session of the socket that sent them, so knowing a session id is not enough to read or
continue someone's conversation. Bot messages marked personal (huurwijzer.conversation.shared_names.PERSONAL_KEY) reach
the widget with `"personal": true`: it shows them but never stores them.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import os
import re
import secrets
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels.rest import MAX_BODY_BYTES, MAX_MESSAGE_CHARS, channel_messages, client_message_id, client_metadata
from bot.channels.shared_state import new_sender_limit, sender_limit
from huurwijzer.conversation.channel_trust import session_token
from huurwijzer.conversation.shared_names import PERSONAL_KEY, SECRET_ANSWER_KEY
from huurwijzer.settings import get_settings

STATIC = Path(__file__).resolve().parent.parent / "webchat"
SOCKET_PATH = "/webchat/socket.io"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
_KNOWLEDGE_ID = re.compile(r"^[a-z0-9][a-z0-9/-]{0,99}$")
_PROCESS_KEY = secrets.token_hex(32)  # signs sessions when no shared secret is set (one server only)


# The demo page: only its own scripts (the widget), no framing by other sites, no type sniffing.
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
                               "form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
FILE_HEADERS = {"X-Content-Type-Options": "nosniff"}


def allowed_origins() -> Optional[List[str]]:
    """Other origins allowed to use the chat (HUURWIJZER_WEBCHAT_ORIGINS, comma-separated, e.g.
    https://www.woongoed-eemdal.nl); None: this server's own origin only."""
    get_settings()  # loads .env
    listed = [o.strip().rstrip("/") for o in (os.environ.get("HUURWIJZER_WEBCHAT_ORIGINS") or "").split(",")]
    return [o for o in listed if o] or None


def labels() -> Dict[str, str]:
    """The widget's Dutch labels (webchat_* in messages.yml), without the prefix."""
    return {k[len("webchat_"):]: v for k, v in channel_messages().items() if k.startswith("webchat_")}


def session_id_from(data: Any) -> Optional[str]:
    value = data.get("session_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and _SESSION_ID.match(value) else None


def session_key(session_id: str) -> str:
    return session_token(get_settings().action_secret or _PROCESS_KEY, session_id)


def valid_session_key(session_id: str, key: Any) -> bool:
    return isinstance(key, str) and hmac.compare_digest(key.encode(), session_key(session_id).encode())


def store_feedback(session_id: str, knowledge_id: str, helpful: bool) -> None:
    """Through the table's owner in the core: the web chat is its only writer."""
    from huurwijzer.tenancy import answer_feedback
    from huurwijzer.tenancy.database import database_url, engine_for

    answer_feedback.record(engine_for(database_url()), session_id, knowledge_id, helpful)


def personal(message: Dict[str, Any]) -> Dict[str, Any]:
    """Tells the widget not to keep this message (it carries the tenant's own data), or the answer
    to it (a verification question)."""
    flags = {"personal": message.get(PERSONAL_KEY) is True, "secret_answer": message.get(SECRET_ANSWER_KEY) is True}
    return {k: True for k, on in flags.items() if on}


class WebChatOutput(OutputChannel):
    def __init__(self, sio: AsyncServer, room: str) -> None:
        self.sio, self.room = sio, room

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def _emit(self, message: Dict[str, Any]) -> None:
        await self.sio.emit("bot_uttered", message, room=self.room)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._emit({"text": text, **personal(kwargs)})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        choices = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))} for b in buttons]
        await self._emit({"text": text, "buttons": choices, **personal(kwargs)})

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        await self._emit({"custom": json_message})


class WebChatInput(InputChannel):
    """Configured in bot/credentials.yml as `bot.channels.webchat.WebChatInput:`."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        # Same origin by default; the corporation's website on another origin is listed in
        # HUURWIJZER_WEBCHAT_ORIGINS. Never "*": with it any site could talk to the chat in the name
        # of a visitor's browser.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=allowed_origins(),
                          max_http_buffer_size=MAX_BODY_BYTES)
        hook: Blueprint = SocketBlueprint(sio, SOCKET_PATH, "webchat_webhook", __name__)
        address: Dict[str, str] = {}  # socket id -> client address
        joined: Dict[str, str] = {}  # socket id -> the session it may use

        async def connect(sid: str, environ: Dict[str, Any]) -> None:
            request = environ.get("sanic.request")
            address[sid] = str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "?")

        async def disconnect(sid: str) -> None:
            address.pop(sid, None)
            joined.pop(sid, None)

        async def session_request(sid: str, data: Any) -> None:
            session_id = session_id_from(data)
            key = data.get("session_key") if isinstance(data, dict) else None
            if session_id is None or not valid_session_key(session_id, key):
                session_id = uuid.uuid4().hex  # a new session; an id without its key is not rejoined
                if not await new_sender_limit().allow(address.get(sid, "?"), session_id):
                    await refuse(sid, 429, "too_many_conversations")
                    return
            old = joined.get(sid)
            if old and old != session_id:
                await sio.leave_room(sid, old)
            joined[sid] = session_id
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)
            await sio.emit("session_key", session_key(session_id), room=sid)

        async def refuse(sid: str, status: int, reason: str) -> None:
            # Socket.IO has no status line: the refusal carries an HTTP-like status for the site's developer.
            await sio.emit("bot_uttered", {"text": channel_messages()[reason], "status": status}, room=sid)

        async def user_uttered(sid: str, data: Any) -> None:
            session_id = session_id_from(data)
            if session_id is None or joined.get(sid) != session_id:  # only the session this socket joined
                await refuse(sid, 400, "invalid_session")
                return
            text, metadata = data.get("message", ""), data.get("metadata", {})
            if text is None:
                text = ""
            if not isinstance(text, str):
                await refuse(sid, 400, "invalid_message")
                return
            if metadata is None:
                metadata = {}
            if not isinstance(metadata, dict):
                await refuse(sid, 400, "invalid_metadata")
                return
            if not await sender_limit().allow(session_id):
                await refuse(sid, 429, "too_fast")
                return
            metadata = client_metadata(metadata)
            await on_new_message(UserMessage(text[:MAX_MESSAGE_CHARS], WebChatOutput(sio, session_id), session_id,
                                             input_channel=self.name(), metadata=metadata,
                                             message_id=client_message_id(data.get("message_id"))))

        sio.on("connect", connect)
        sio.on("disconnect", disconnect)
        sio.on("session_request", session_request)
        sio.on("user_uttered", user_uttered)

        async def page(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "demo.html", headers=PAGE_HEADERS)

        async def widget(_: Request) -> HTTPResponse:
            script = (STATIC / "widget.js").read_text(encoding="utf-8")
            prefix = f"window.HUURWIJZER_LABELS = {json.dumps(labels(), ensure_ascii=False)};\n"
            return response.text(prefix + script, content_type="application/javascript; charset=utf-8",
                                 headers=FILE_HEADERS)

        async def css(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "widget.css", mime_type="text/css", headers=FILE_HEADERS)

        async def vendor(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "vendor" / "socket.io.min.js", mime_type="application/javascript",
                                       headers=FILE_HEADERS)

        async def feedback(request: Request) -> HTTPResponse:
            try:
                data = json.loads((request.body or b"").decode("utf-8", errors="replace"))
            except (ValueError, RecursionError):
                data = None
            session_id = session_id_from(data)
            knowledge_id = data.get("knowledge_id") if isinstance(data, dict) else None
            helpful = data.get("helpful") if isinstance(data, dict) else None
            key = data.get("session_key") if isinstance(data, dict) else None
            if not session_id or not valid_session_key(session_id, key) or not isinstance(knowledge_id, str) \
                    or not _KNOWLEDGE_ID.match(knowledge_id) or not isinstance(helpful, bool):
                return response.json({"error": channel_messages()["invalid_feedback"]}, status=400)
            await asyncio.to_thread(store_feedback, session_id, knowledge_id, helpful)
            return response.json({"status": "ok"})

        hook.add_route(page, "/", methods=["GET"], name="page")
        hook.add_route(widget, "/widget.js", methods=["GET"], name="widget")
        hook.add_route(css, "/widget.css", methods=["GET"], name="css")
        hook.add_route(vendor, "/vendor/socket.io.min.js", methods=["GET"], name="vendor")
        hook.add_route(feedback, "/feedback", methods=["POST"], name="feedback")
        return hook
