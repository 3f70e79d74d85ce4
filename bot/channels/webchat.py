"""Website chat: a Socket.IO channel plus the widget that talks to it, served by the Rasa server.

    /webhooks/webchat/             demo page with the one-line embed snippet
    /webhooks/webchat/widget.js    the widget (labels from bot/channels/messages.yml prepended)
    /webhooks/webchat/widget.css, /webhooks/webchat/vendor/socket.io.min.js
    /webhooks/webchat/feedback     POST {session_id, knowledge_id, helpful}: "Heeft dit geholpen?"
    /webchat/socket.io             the Socket.IO endpoint

Rasa's own socketio channel cannot send our per-turn metadata message (it passes the dict as
keyword arguments to emit), so this channel has its own output. The session id the browser keeps
is the conversation id; a portal token in the message metadata logs the tenant in.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, List, Optional

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from bot.channels.rest import MAX_MESSAGE_CHARS, channel_messages, client_message_id
from bot.channels.shared_state import sender_limit

STATIC = Path(__file__).resolve().parent.parent / "webchat"
SOCKET_PATH = "/webchat/socket.io"
_SESSION_ID = re.compile(r"^[0-9a-f]{32}$")
_KNOWLEDGE_ID = re.compile(r"^[a-z0-9][a-z0-9/-]{0,99}$")
CHANNEL_ONLY_METADATA = frozenset({"whatsapp_phone"})


def labels() -> Dict[str, str]:
    """The widget's Dutch labels (webchat_* in messages.yml), without the prefix."""
    return {k[len("webchat_"):]: v for k, v in channel_messages().items() if k.startswith("webchat_")}


def session_id_from(data: Any) -> Optional[str]:
    value = data.get("session_id") if isinstance(data, dict) else None
    return value if isinstance(value, str) and _SESSION_ID.match(value) else None


def store_feedback(session_id: str, knowledge_id: str, helpful: bool) -> None:
    from sqlalchemy import insert
    from sqlalchemy.orm import Session

    from actions.tenancy import schema as t
    from actions.tenancy.database import database_url, engine_for, ensure_state_tables
    from actions.verification import conversation_key

    engine = engine_for(database_url())
    ensure_state_tables(engine)
    with Session(engine, future=True) as session, session.begin():
        session.execute(insert(t.answer_feedback).values(
            conversation_key=conversation_key(session_id), knowledge_id=knowledge_id, helpful=helpful,
            created_at=datetime.now(timezone.utc).replace(tzinfo=None)))


class WebChatOutput(OutputChannel):
    def __init__(self, sio: AsyncServer, room: str) -> None:
        self.sio, self.room = sio, room

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def _emit(self, message: Dict[str, Any]) -> None:
        await self.sio.emit("bot_uttered", message, room=self.room)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._emit({"text": text})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        choices = [{"title": str(b.get("title", "")), "payload": str(b.get("payload", ""))} for b in buttons]
        await self._emit({"text": text, "buttons": choices})

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
        # Same-origin by default; a corporation's website on another origin is allowed by CORS
        # settings of the reverse proxy (docs in README).
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins="*")
        hook: Blueprint = SocketBlueprint(sio, SOCKET_PATH, "webchat_webhook", __name__)

        async def session_request(sid: str, data: Any) -> None:
            session_id = session_id_from(data) or uuid.uuid4().hex
            await sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        async def refuse(sid: str, status: int, reason: str) -> None:
            # Socket.IO has no status line: the refusal carries an HTTP-like status for the site's developer.
            await sio.emit("bot_uttered", {"text": channel_messages()[reason], "status": status}, room=sid)

        async def user_uttered(sid: str, data: Any) -> None:
            session_id = session_id_from(data)
            if session_id is None:
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
            metadata = {k: v for k, v in metadata.items() if k not in CHANNEL_ONLY_METADATA}
            await on_new_message(UserMessage(text[:MAX_MESSAGE_CHARS], WebChatOutput(sio, session_id), session_id,
                                             input_channel=self.name(), metadata=metadata,
                                             message_id=client_message_id(data.get("message_id"))))

        sio.on("session_request", session_request)
        sio.on("user_uttered", user_uttered)

        async def page(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "demo.html")

        async def widget(_: Request) -> HTTPResponse:
            script = (STATIC / "widget.js").read_text(encoding="utf-8")
            prefix = f"window.HUURWIJZER_LABELS = {json.dumps(labels(), ensure_ascii=False)};\n"
            return response.text(prefix + script, content_type="application/javascript; charset=utf-8")

        async def css(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "widget.css", mime_type="text/css")

        async def vendor(_: Request) -> HTTPResponse:
            return await response.file(STATIC / "vendor" / "socket.io.min.js", mime_type="application/javascript")

        async def feedback(request: Request) -> HTTPResponse:
            try:
                data = json.loads((request.body or b"").decode("utf-8", errors="replace"))
            except ValueError:
                data = None
            session_id = session_id_from(data)
            knowledge_id = data.get("knowledge_id") if isinstance(data, dict) else None
            helpful = data.get("helpful") if isinstance(data, dict) else None
            if not session_id or not isinstance(knowledge_id, str) or not _KNOWLEDGE_ID.match(knowledge_id) \
                    or not isinstance(helpful, bool):
                return response.json({"error": channel_messages()["invalid_feedback"]}, status=400)
            await asyncio.to_thread(store_feedback, session_id, knowledge_id, helpful)
            return response.json({"status": "ok"})

        hook.add_route(page, "/", methods=["GET"], name="page")
        hook.add_route(widget, "/widget.js", methods=["GET"], name="widget")
        hook.add_route(css, "/widget.css", methods=["GET"], name="css")
        hook.add_route(vendor, "/vendor/socket.io.min.js", methods=["GET"], name="vendor")
        hook.add_route(feedback, "/feedback", methods=["POST"], name="feedback")
        return hook
