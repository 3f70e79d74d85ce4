"""WhatsApp Business Cloud API channel (POST/GET /webhooks/whatsapp/webhook).

- GET answers Meta's verification handshake when hub.verify_token matches.
- POST requires X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret); unsigned
  or wrongly signed posts get 403. A valid post is acknowledged at once and processed in the
  background, once per message id (Meta retries until it sees a 200).
- The conversation key is a keyed hash of the phone number, never the number itself; the number
  goes to the action server in the message metadata (`whatsapp_phone`, with the proof of
  huurwijzer.conversation.channel_trust) for the one-time code. A photo's caption is its text; a photo
  or voice message without text goes on empty with MEDIA_KEY (the reply: we cannot see or hear it).
- Replies: text split at 4096 characters at line breaks or sentence ends; up to 3 buttons with
  short titles become reply buttons (titles max 20 characters), others a list (max 10 rows, a long
  title told in the row's description); the metadata message of each turn is not sent to the tenant.

Settings come from the environment (see .env.example): WHATSAPP_VERIFY_TOKEN,
WHATSAPP_APP_SECRET, WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID, WHATSAPP_API_URL,
WHATSAPP_SENDER_KEY.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, Iterator, List, Optional, Tuple

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import channel_messages
from bot.channels.shared_state import choices, seen_messages, shown_choices, typed_choice
from huurwijzer.conversation.channel_trust import phone_metadata
from huurwijzer.conversation.shared_names import MEDIA_KEY
from huurwijzer.settings import get_settings

logger = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_INTERACTIVE_BODY = 1024
MAX_BUTTONS, MAX_BUTTON_TITLE = 3, 20
MAX_ROWS, MAX_ROW_TITLE, MAX_ROW_DESCRIPTION, MAX_ID = 10, 24, 72, 200
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+")
_LINE_BREAKS = re.compile(r"(\n[ \t\n]*)")
_TEXT_KINDS, _CAPTIONED = ("text", "interactive", "button"), ("image", "video", "document")


@dataclass(frozen=True)
class WhatsAppSettings:
    verify_token: str
    app_secret: str
    access_token: str
    phone_number_id: str
    api_url: str
    sender_key: str

    @classmethod
    def from_environment(cls) -> WhatsAppSettings:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        app_secret = os.environ.get("WHATSAPP_APP_SECRET") or ""
        return cls(
            verify_token=os.environ.get("WHATSAPP_VERIFY_TOKEN") or "",
            app_secret=app_secret,
            access_token=os.environ.get("WHATSAPP_ACCESS_TOKEN") or "",
            phone_number_id=os.environ.get("WHATSAPP_PHONE_NUMBER_ID") or "",
            api_url=(os.environ.get("WHATSAPP_API_URL") or "https://graph.facebook.com/v19.0").rstrip("/"),
            sender_key=os.environ.get("WHATSAPP_SENDER_KEY") or app_secret,
        )


def signature_ok(secret: str, body: bytes, header: Optional[str]) -> bool:
    if not secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header[len("sha256="):])


def sender_key(secret: str, phone: str) -> str:
    """The conversation id for a phone number: a keyed hash, so the tracker store holds no number."""
    return "wa-" + hmac.new(secret.encode(), phone.encode(), hashlib.sha256).hexdigest()[:32]


def split_text(text: str, limit: int = MAX_TEXT) -> List[str]:
    """Parts of at most `limit` characters, cut at a line break or after a sentence where possible.
    Line breaks are kept: a list of amounts or repair requests stays a list on the phone."""
    parts: List[str] = []
    current = ""
    for piece, glue in _pieces(text.strip(), limit):
        if current and len(current) + len(glue) + len(piece) > limit:
            parts.append(current)
            current = piece
        else:
            current = f"{current}{glue}{piece}" if current else piece
    if current:
        parts.append(current)
    return parts


def _pieces(text: str, limit: int) -> Iterator[Tuple[str, str]]:
    """(piece, what joins it to the piece before): the line breaks, or a space between sentences."""
    glue = ""
    for chunk in _LINE_BREAKS.split(text):
        if chunk.startswith("\n"):
            glue = chunk
            continue
        for sentence in _SENTENCE_END.split(chunk):
            while len(sentence) > limit:  # one very long sentence: cut at a space, else hard
                cut = sentence.rfind(" ", 0, limit)
                cut = cut if cut > 0 else limit
                yield sentence[:cut], glue
                glue, sentence = " ", sentence[cut:].lstrip()
            if sentence:
                yield sentence, glue
                glue = " "


def whatsapp_markup(text: str) -> str:
    """Markdown **bold** is *bold* on WhatsApp."""
    return re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def interactive_payload(body: str, buttons: List[Dict[str, Any]], list_label: str,
                        section: str = "") -> Dict[str, Any]:
    """Reply buttons for up to three choices, otherwise a list of at most ten rows."""
    choices = [(str(b.get("payload") or b.get("title"))[:MAX_ID], str(b.get("title") or "")) for b in buttons]
    if len(choices) <= MAX_BUTTONS and all(len(title) <= MAX_BUTTON_TITLE for _, title in choices):
        return {"type": "button", "body": {"text": _short(body, MAX_INTERACTIVE_BODY)},
                "action": {"buttons": [{"type": "reply", "reply": {"id": cid, "title": title}}
                                       for cid, title in choices]}}
    rows = [_row(cid, title) for cid, title in choices[:MAX_ROWS]]
    sections = [{"title": _short(section or list_label, MAX_ROW_TITLE), "rows": rows}]
    return {"type": "list", "body": {"text": _short(body, MAX_INTERACTIVE_BODY)},
            "action": {"button": _short(list_label, MAX_BUTTON_TITLE), "sections": sections}}


def _row(cid: str, title: str) -> Dict[str, str]:
    """A list row; a title too long for a row is told in full in the row's description, or split
    there at its colon ("Uw andere vraag" / "Huurtoeslag aanvragen"), so no choice is cut off."""
    if len(title) <= MAX_ROW_TITLE:
        return {"id": cid, "title": title}
    head, colon, tail = title.partition(": ")
    if colon and tail and len(head) <= MAX_ROW_TITLE:
        return {"id": cid, "title": head, "description": _short(tail[:1].upper() + tail[1:], MAX_ROW_DESCRIPTION)}
    return {"id": cid, "title": _short(title, MAX_ROW_TITLE), "description": _short(title, MAX_ROW_DESCRIPTION)}


class WhatsAppOutput(OutputChannel):
    """Sends to one phone number through the Graph API (`/{phone_number_id}/messages`)."""

    def __init__(self, settings: WhatsAppSettings, phone: str) -> None:
        self._settings = settings
        self._phone = phone.lstrip("+")
        texts = channel_messages()
        self._list_label, self._section = texts["whatsapp_list_button"], texts["whatsapp_list_section"]
        self.shown: List[Dict[str, Any]] = []  # the choices of the last buttons or list sent, in order

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    async def _post(self, message: Dict[str, Any]) -> None:
        url = f"{self._settings.api_url}/{self._settings.phone_number_id}/messages"
        payload = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": self._phone, **message}
        headers = {"Authorization": f"Bearer {self._settings.access_token}"}
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session, \
                session.post(url, json=payload, headers=headers) as reply:
            if reply.status >= 300:
                # The body names the error; it holds no message text or number.
                logger.error("whatsapp.send.failed status=%s body=%s", reply.status, (await reply.text())[:300])

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        for part in split_text(whatsapp_markup(text)):
            await self._post({"type": "text", "text": {"preview_url": False, "body": part}})

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: List[Dict[str, Any]],
                                     **kwargs: Any) -> None:
        text = whatsapp_markup(text)
        if len(text) > MAX_INTERACTIVE_BODY:  # the long part as text, the choice after it
            await self.send_text_message(recipient_id, text)
            text = self._list_label
        interactive = interactive_payload(text, buttons, self._list_label, self._section)
        self.shown = shown_choices(buttons, MAX_ROWS)  # reply buttons are at most MAX_BUTTONS already
        await self._post({"type": "interactive", "interactive": interactive})

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any], **kwargs: Any) -> None:
        return None  # the per-turn metadata (topic, confidence, ...) is for analytics, not for the tenant


def incoming_messages(data: Any) -> Iterator[Dict[str, str]]:
    """(id, phone, text, media) of each user message in a webhook body; statuses and others are skipped.
    `media` is the kind of a photo, voice message, ... ("image", "audio"), empty for text and choices."""
    if not isinstance(data, dict):
        return
    for entry in data.get("entry") or []:
        for change in (entry or {}).get("changes") or []:
            value = (change or {}).get("value") or {}
            for message in value.get("messages") or []:
                text = _message_text(message)
                if text is not None and message.get("id") and message.get("from"):
                    media = "" if message.get("type") in _TEXT_KINDS else str(message.get("type"))
                    yield {"id": str(message["id"]), "phone": "+" + str(message["from"]).lstrip("+"), "text": text,
                           "media": media}


def _message_text(message: Dict[str, Any]) -> Optional[str]:
    kind = message.get("type")
    if kind == "text":
        return str((message.get("text") or {}).get("body") or "")
    if kind == "interactive":
        interactive = message.get("interactive") or {}
        chosen = interactive.get("button_reply") or interactive.get("list_reply") or {}
        return str(chosen.get("id") or chosen.get("title") or "")
    if kind == "button":
        button = message.get("button") or {}
        return str(button.get("payload") or button.get("text") or "")
    if kind in _CAPTIONED:  # a photo with "lekkage in de badkamer" under it: that text is the message
        return str((message.get(kind) or {}).get("caption") or "")
    return "" if kind else None  # voice, stickers, ...: no text; the reply says so (MEDIA_KEY)


class WhatsAppInput(InputChannel):
    """Configured in bot/credentials.yml as `bot.channels.whatsapp.WhatsAppInput:`."""

    @classmethod
    def name(cls) -> str:
        return "whatsapp"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls(WhatsAppSettings.from_environment())

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings
        self.seen = seen_messages(self.name())
        self.choices = choices()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("whatsapp_webhook", __name__)

        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        async def verify(request: Request) -> HTTPResponse:
            args = request.args
            token = args.get("hub.verify_token") or ""
            if args.get("hub.mode") == "subscribe" and self.settings.verify_token and hmac.compare_digest(
                    token, self.settings.verify_token):
                return response.text(args.get("hub.challenge") or "")
            return response.text("forbidden", status=403)

        async def receive(request: Request) -> HTTPResponse:
            body = request.body or b""
            if not signature_ok(self.settings.app_secret, body, request.headers.get("X-Hub-Signature-256")):
                return response.text("forbidden", status=403)
            try:
                data = json.loads(body.decode("utf-8", errors="replace"))
            except (ValueError, RecursionError):
                return response.text("bad request", status=400)
            for message in incoming_messages(data):
                if await self.seen.first_time(message["id"]):
                    request.app.add_task(self._handle(message, on_new_message))
            return response.text("ok")

        hook.add_route(health, "/", methods=["GET"])
        hook.add_route(verify, "/webhook", methods=["GET"], name="verify")
        hook.add_route(receive, "/webhook", methods=["POST"], name="receive")
        return hook

    async def _handle(self, message: Dict[str, str], on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        output = WhatsAppOutput(self.settings, message["phone"])
        key = sender_key(self.settings.sender_key, message["phone"])
        # A number typed after reply buttons or a list means that choice, as on Twilio. The choices
        # are read, and replaced only after the turn: a retry after a crash mid-turn reads the same.
        text = typed_choice(message["text"][:10_000], await self.choices.peek(key))
        metadata = phone_metadata(get_settings().action_secret, self.name(), key, message["phone"])
        user_message = UserMessage(text, output, key, input_channel=self.name(), message_id=message["id"],
                                   metadata={**metadata, **({MEDIA_KEY: message["media"]} if message["media"] else {})})
        try:
            await on_new_message(user_message)
            await (self.choices.put(key, output.shown) if output.shown else self.choices.pop(key))
        except Exception:  # noqa: BLE001 - a failed turn must not stop the webhook; no message text logged
            logger.exception("whatsapp.message.failed")
        await asyncio.sleep(0)
