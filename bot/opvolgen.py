"""`python -m bot.cli opvolgen`: sends the follow-up messages that are due now (cron or a systemd
timer, every 15 minutes; see docs/deploy.md). Safe to run twice and on several servers at once:
see huurwijzer.conversation.followups.

WhatsApp follow-ups go as a template message through the Cloud API, unless the tenant wrote to us
in the last 24 hours (read from Rasa's tracker store): then the profile's own text goes as a normal
message, which WhatsApp allows inside that window. Each template
(named per moment in the profile) has the first name as body parameter {{1}} and one quick-reply
button "Stop berichten" whose payload is the intent that ends all follow-ups.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Dict, Optional

import requests
from sqlalchemy.orm import Session

from huurwijzer.conversation.followup_report import RunReport
from huurwijzer.conversation.followups import OutboxSender, Outgoing, SendFailed, run, senders_by_channel

logger = logging.getLogger(__name__)

STOP_PAYLOAD = "/followup_stop"  # intent in data/nlu/followups.yml
SERVICE_WINDOW = timedelta(hours=24)  # WhatsApp allows free text this long after the tenant's last message


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
        body = text_message(message) if last is not None and now - last < SERVICE_WINDOW else template_message(message)
        try:
            reply = requests.post(self._url, json=body, timeout=self._timeout,
                                  headers={"Authorization": f"Bearer {self._token}"})
        except requests.RequestException as exc:
            raise SendFailed(exc.__class__.__name__) from None
        if reply.status_code >= 300:
            raise SendFailed(graph_error(reply))


def main(now: Optional[datetime] = None) -> RunReport:
    from bot.channels.whatsapp import WhatsAppSettings, sender_key
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
    whatsapp = WhatsAppSettings.from_environment()
    last_inbound = last_inbound_from(settings.tracker_url, lambda phone: sender_key(whatsapp.sender_key, phone))
    senders = senders_by_channel(OutboxSender(OutboxNotifier()),
                                 WhatsAppTemplateSender(whatsapp.api_url, whatsapp.phone_number_id,
                                                        whatsapp.access_token, last_inbound=last_inbound))

    def key_for(phone: str) -> Optional[str]:
        # The conversation the WhatsApp channel opens for this number, so the answer lands there.
        return conversation_key(sender_key(whatsapp.sender_key, phone)) if whatsapp.sender_key else None

    content, engine, office = live_content(), engine_for(database_url()), SqlBackOffice()
    moment = now or datetime.now(timezone.utc).replace(tzinfo=None)
    report = run(engine, office, plan, content.profile.variables, senders, moment, settings.timezone, key_for,
                 content.profile.variables_en)
    # The question after a completed repair goes with the same rules (times, quiet hours, stop, aan).
    if plan.enabled:
        ask_due(engine, office, plan,
                lambda name, obj, ref, language: repair_question_text(in_language(content, language), name, obj, ref),
                senders, moment, settings.timezone, key_for, report)
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
