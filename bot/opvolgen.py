"""`python -m bot.cli opvolgen`: sends the follow-up messages that are due now (cron or a systemd
timer, every 15 minutes; see docs/deploy.md). Safe to run twice and on several servers at once:
see huurwijzer.conversation.followups.

WhatsApp follow-ups go as a template message through the Cloud API, unless the tenant wrote to us
in the last 24 hours (read from Rasa's tracker store): then the profile's own text goes as a normal
message, which WhatsApp allows inside that window. Each template
(named per moment in the profile) has the first name as body parameter {{1}} and one quick-reply
button "Stop berichten" whose payload is the intent that ends all follow-ups.

A corporation that connects WhatsApp through Twilio instead gets the same through Twilio's REST API
(bot/opvolgen_twilio.py). Which one sends: the Cloud API when WHATSAPP_ACCESS_TOKEN is set, else
Twilio when TWILIO_ACCOUNT_SID is set (`whatsapp_sender`; both set: the Cloud API, see docs/deploy.md).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Dict, Optional, Tuple, Union

import requests
from sqlalchemy.orm import Session

from bot.service_window import in_service_window
from huurwijzer.conversation.followup_report import RunReport
from huurwijzer.conversation.followups import OutboxSender, Outgoing, SendFailed, run, senders_by_channel

if TYPE_CHECKING:
    from bot.channels.twilio_whatsapp import TwilioSettings
    from bot.channels.whatsapp import WhatsAppSettings
    from bot.opvolgen_twilio import TwilioFollowUpSender
    from huurwijzer.content.followup_plan import FollowUpPlan

logger = logging.getLogger(__name__)

STOP_PAYLOAD = "/followup_stop"  # intent in data/nlu/followups.yml


def last_inbound_from(tracker_url: str, sender_for: Callable[[str], str]) -> Callable[[str], Optional[datetime]]:
    """When the tenant last wrote in their WhatsApp conversation, from Rasa's tracker store.
    Unknown (None: a template goes) when the store cannot be read."""
    from sqlalchemy import create_engine, func, select
    from sqlalchemy.exc import SQLAlchemyError

    from huurwijzer.reports.events import EVENTS as events
    engine = create_engine(tracker_url, future=True)

    def last(phone: str) -> Optional[datetime]:
        try:
            with engine.connect() as conn:
                stamp = conn.execute(select(func.max(events.c.timestamp)).where(
                    events.c.sender_id == sender_for(phone), events.c.type_name == "user")).scalar()
        except SQLAlchemyError as exc:
            logger.warning("followup.window_unknown error=%s", exc.__class__.__name__)
            return None
        return datetime.fromtimestamp(stamp, timezone.utc).replace(tzinfo=None) if stamp else None

    return last


def template_message(message: Outgoing) -> Dict[str, Any]:
    """The Cloud API body of one template message."""
    return {
        "messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient.lstrip("+"),
        "type": "template",
        "template": {
            "name": message.template, "language": {"code": message.language},
            "components": [
                {"type": "body", "parameters": [{"type": "text", "text": message.first_name}]},
                {"type": "button", "sub_type": "quick_reply", "index": "0",
                 "parameters": [{"type": "payload", "payload": STOP_PAYLOAD}]},
            ],
        },
    }


def text_message(message: Outgoing) -> Dict[str, Any]:
    """Inside the 24-hour window: the profile's own text as a normal message."""
    from bot.channels.whatsapp import whatsapp_markup

    return {"messaging_product": "whatsapp", "recipient_type": "individual", "to": message.recipient.lstrip("+"),
            "type": "text", "text": {"preview_url": False, "body": whatsapp_markup(message.text)[:4096]}}


class WhatsAppTemplateSender:
    """Posts to `{api_url}/{phone_number_id}/messages`: a template message, or the plain text when
    the tenant wrote to us in the last 24 hours (`last_inbound(phone)`, naive UTC, None: unknown)."""

    def __init__(self, api_url: str, phone_number_id: str, access_token: str, timeout: float = 10,
                 last_inbound: Callable[[str], Optional[datetime]] = lambda phone: None) -> None:
        self._url = f"{api_url.rstrip('/')}/{phone_number_id}/messages"
        self._token = access_token
        self._timeout = timeout
        self._last_inbound = last_inbound

    def send(self, session: Session, message: Outgoing, now: datetime) -> None:
        if not self._token:
            raise SendFailed("WHATSAPP_ACCESS_TOKEN ontbreekt")
        last = self._last_inbound(message.recipient)
        body = text_message(message) if in_service_window(last, now) else template_message(message)
        try:
            reply = requests.post(self._url, json=body, timeout=self._timeout,
                                  headers={"Authorization": f"Bearer {self._token}"})
        except requests.RequestException as exc:
            raise SendFailed(exc.__class__.__name__) from None
        if reply.status_code >= 300:
            raise SendFailed(graph_error(reply))


def whatsapp_sender(whatsapp: WhatsAppSettings, twilio: TwilioSettings, plan: FollowUpPlan,
                    last_inbound_for: Callable[[str], Callable[[str], Optional[datetime]]],
                    ) -> Tuple[Union[WhatsAppTemplateSender, TwilioFollowUpSender], str]:
    """The WhatsApp sender and the key its channel hashes numbers with (so the answer lands in the
    conversation that channel opens). The Cloud API when its token is set (also when Twilio is set: it
    was the only way before, and its template's button stops the follow-ups by itself), else Twilio
    when its account is set; neither: the Cloud API sender, which fails each message saying what is missing.
    `last_inbound_for(key)`: when a tenant last wrote, in the conversations hashed with that key."""
    from bot.opvolgen_twilio import TwilioFollowUpSender

    if whatsapp.access_token or not twilio.account_sid:
        return (WhatsAppTemplateSender(whatsapp.api_url, whatsapp.phone_number_id, whatsapp.access_token,
                                       last_inbound=last_inbound_for(whatsapp.sender_key)), whatsapp.sender_key)
    return (TwilioFollowUpSender(twilio.api_url, twilio.account_sid, twilio.auth_token, twilio.whatsapp_from,
                                 plan.content_sid, last_inbound=last_inbound_for(twilio.sender_key)),
            twilio.sender_key)


def main(now: Optional[datetime] = None) -> RunReport:
    from bot.channels.twilio_whatsapp import TwilioSettings
    from bot.channels.whatsapp import WhatsAppSettings, sender_key
    from bot.opvolgen_twilio import TwilioFollowUpSender
    from huurwijzer.content.followup_plan import load_plan
    from huurwijzer.content.loader import in_language, live_content
    from huurwijzer.conversation.followup_flows import repair_question_text
    from huurwijzer.conversation.repair_feedback import ask_due
    from huurwijzer.settings import get_settings
    from huurwijzer.tenancy.backoffice import SqlBackOffice
    from huurwijzer.tenancy.database import database_url, engine_for
    from huurwijzer.tenancy.verification import OutboxNotifier, conversation_key

    settings = get_settings()
    plan = load_plan(settings.knowledge_dir / "corporation.yml")
    if plan is None:
        print("Geen opvolging: het corporatieprofiel heeft geen sectie 'opvolging'.")
        return RunReport()
    whatsapp, secret = whatsapp_sender(
        WhatsAppSettings.from_environment(), TwilioSettings.from_environment(), plan,
        lambda key: last_inbound_from(settings.tracker_url, lambda phone: sender_key(key, phone)))
    senders = senders_by_channel(OutboxSender(OutboxNotifier()), whatsapp)

    def key_for(phone: str) -> Optional[str]:
        # The conversation the WhatsApp channel opens for this number, so the answer lands there.
        return conversation_key(sender_key(secret, phone)) if secret else None

    content, engine, office = live_content(), engine_for(database_url()), SqlBackOffice()
    moment = now or datetime.now(timezone.utc).replace(tzinfo=None)
    report = run(engine, office, plan, content.profile.variables, senders, moment, settings.timezone, key_for,
                 content.profile.variables_en)
    # The question after a completed repair goes with the same rules (times, quiet hours, stop, aan).
    if plan.enabled:
        ask_due(engine, office, plan,
                lambda name, obj, ref, language: repair_question_text(in_language(content, language), name, obj, ref),
                senders, moment, settings.timezone, key_for, report)
    if isinstance(whatsapp, TwilioFollowUpSender):  # templates without a ContentSid: said, with where to set it
        report.notes.extend(whatsapp.notes())
    for line in report.lines:
        print(line)
    print(report.summary())
    return report


def graph_error(reply: requests.Response) -> str:
    """Meta's status and error codes only: its error text may repeat a number or a name, and it
    goes to the log (the codes are enough to look the problem up)."""
    try:
        body = reply.json()
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    codes = error if isinstance(error, dict) else {}
    return f"status {reply.status_code} code {codes.get('code')} subcode {codes.get('error_subcode')}"
