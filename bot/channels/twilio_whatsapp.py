"""WhatsApp through Twilio (POST /webhooks/twilio_whatsapp/webhook), with the X-Twilio-Signature
check that Rasa's own Twilio channel lacks: unsigned or wrongly signed posts get 403.

The answer goes back in the HTTP response as TwiML, so no call to Twilio's API is needed;
buttons become a numbered list. The conversation key is a keyed hash of the phone number.

Settings from the environment: TWILIO_AUTH_TOKEN (the signing key), TWILIO_WEBHOOK_URL (the
public URL Twilio posts to, as configured in the Twilio console; the signature covers it),
WHATSAPP_SENDER_KEY (the hash key, shared with the Cloud API channel). For messages we start ourselves
(the follow-ups, bot/opvolgen_twilio.py): TWILIO_ACCOUNT_SID, TWILIO_WHATSAPP_FROM (our WhatsApp
number at Twilio) and TWILIO_API_URL (default https://api.twilio.com).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional
from urllib.parse import parse_qsl
from xml.sax.saxutils import escape

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.rest import WholeMessages, channel_messages
from bot.channels.shared_state import choices, typed_choice
from bot.channels.whatsapp import sender_key, split_text, whatsapp_markup
from huurwijzer.conversation.channel_trust import phone_metadata
from huurwijzer.conversation.shared_names import MEDIA_KEY
from huurwijzer.settings import get_settings


@dataclass(frozen=True)
class TwilioSettings:
    auth_token: str
    webhook_url: str
    sender_key: str
    account_sid: str = ""  # to send through Twilio's REST API (follow-ups); the replies go as TwiML
    whatsapp_from: str = ""  # our WhatsApp number at Twilio, +31...
    api_url: str = "https://api.twilio.com"

    @classmethod
    def from_environment(cls) -> TwilioSettings:
        from dotenv import load_dotenv

        load_dotenv(override=False)
        token = os.environ.get("TWILIO_AUTH_TOKEN") or ""
        return cls(token, os.environ.get("TWILIO_WEBHOOK_URL") or "",
                   os.environ.get("WHATSAPP_SENDER_KEY") or token,
                   account_sid=os.environ.get("TWILIO_ACCOUNT_SID") or "",
                   whatsapp_from=(os.environ.get("TWILIO_WHATSAPP_FROM") or "").replace("whatsapp:", ""),
                   api_url=(os.environ.get("TWILIO_API_URL") or "https://api.twilio.com").rstrip("/"))


# TwiML is UTF-8 (its XML declaration says so); the header says it too, so no proxy or client guesses
# another charset for "é", "€" or "ë".
TWIML_TYPE = "text/xml; charset=utf-8"


# The longest body Twilio sends in one message (its error 21617); a longer text goes in parts, cut at a line break
# or after a sentence as the Cloud API channel cuts at its limit.
MAX_TWILIO_TEXT = 1600


def twilio_signature_ok(auth_token: str, url: str, params: Dict[str, str], signature: Optional[str]) -> bool:
    from twilio.request_validator import RequestValidator

    if not auth_token or not signature:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))


def twiml(messages: List[Dict[str, Any]]) -> str:
    """The bot's messages as TwiML; the metadata messages are left out. The choices are numbered through the
    turn, as the typed number reads them (all the turn's buttons in order): a second list goes on at its number."""
    texts = channel_messages()
    bodies: List[str] = []
    shown = 0
    for message in messages:
        text = whatsapp_markup(str(message.get("text") or ""))
        buttons = message.get("buttons") or []
        if buttons:
            choices = [texts["twilio_choice"].format(nummer=n, keuze=b.get("title", ""))
                       for n, b in enumerate(buttons, shown + 1)]
            shown += len(buttons)
            text = "\n".join([text, *choices, texts["twilio_choose"]]).strip()
        bodies += [f"<Message>{escape(part)}</Message>" for part in split_text(text, MAX_TWILIO_TEXT) if part]
    return '<?xml version="1.0" encoding="UTF-8"?><Response>' + "".join(bodies) + "</Response>"


def message_text(params: Dict[str, str], shown: List[Dict[str, Any]]) -> str:
    """What the tenant said: a template's quick-reply button as its payload (Twilio's ButtonPayload, the button's id:
    the follow-ups' "Stop berichten" is /followup_stop whatever its title; QA, session 22, only its title came, and a
    title in other words was no stop); else the text, a number typed after a numbered list as that choice."""
    payload = params.get("ButtonPayload", "")
    if payload.startswith("/"):  # an intent, as our own buttons' payloads (bot/opvolgen.py STOP_PAYLOAD)
        return payload[:200]
    return typed_choice(params.get("Body", "")[:10_000], shown)


class TwilioWhatsAppInput(InputChannel):
    """Configured in bot/credentials.yml as `bot.channels.twilio_whatsapp.TwilioWhatsAppInput:`."""

    @classmethod
    def name(cls) -> str:
        return "twilio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[str, Any]]) -> InputChannel:
        return cls(TwilioSettings.from_environment())

    def __init__(self, settings: TwilioSettings) -> None:
        self.settings = settings
        self.choices = choices()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = Blueprint("twilio_whatsapp_webhook", __name__)

        async def receive(request: Request) -> HTTPResponse:
            # Read with the empty fields: a photo without text comes with "Body=", and Twilio signs that too
            # (Sanic's request.form drops it, and the signature did not match: 403, QA session 20).
            params = dict(parse_qsl((request.body or b"").decode("utf-8", errors="replace"), keep_blank_values=True))
            url = self.settings.webhook_url or request.url
            if not twilio_signature_ok(self.settings.auth_token, url, params,
                                       request.headers.get("X-Twilio-Signature")):
                return response.text("forbidden", status=403)
            sid, phone = params.get("MessageSid", ""), params.get("From", "").replace("whatsapp:", "")
            if not sid:  # Twilio always sends one; without it a captured post could be replayed
                return response.text("bad request", status=400)
            if not phone:
                return response.text(twiml([]), content_type=TWIML_TYPE)
            key = sender_key(self.settings.sender_key, phone)
            # A number typed after a numbered list means that choice. The list is read, and replaced
            # only after the turn: a retry after a crash mid-turn reads the same list.
            text = message_text(params, await self.choices.peek(key))
            # A retry (same MessageSid) is handled like any message: the turn itself answers a
            # message the conversation already holds from the store (bot/resilience/replay.py), and
            # one it does not hold (the server died before storing it) as new.
            collector = WholeMessages()
            metadata = phone_metadata(get_settings().action_secret, self.name(), key, phone)
            if params.get("NumMedia", "0") not in ("", "0"):  # a photo or voice message: its kind, "image/jpeg"
                metadata[MEDIA_KEY] = params.get("MediaContentType0", "").partition("/")[0] or "media"
            await on_new_message(UserMessage(text, collector, key, input_channel=self.name(),
                                             metadata=metadata, message_id=sid))
            buttons = [b for m in collector.messages for b in m.get("buttons") or []]
            await (self.choices.put(key, buttons) if buttons else self.choices.pop(key))
            return response.text(twiml(collector.messages), content_type=TWIML_TYPE)

        hook.add_route(receive, "/webhook", methods=["POST"], name="receive")
        return hook
