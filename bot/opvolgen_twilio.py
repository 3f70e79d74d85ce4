"""Follow-ups over WhatsApp for a corporation that connects WhatsApp through Twilio
(bot/channels/twilio_whatsapp.py answers as TwiML; a message we start ourselves needs Twilio's
REST API): POST `{TWILIO_API_URL}/2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, with
basic auth (account SID, auth token).

Inside WhatsApp's 24 hours after the tenant's last message the profile's own text goes as `Body`;
outside them the approved template as Twilio Content: `ContentSid` (per template name in the
profile, `opvolging.twilio_content`) with `ContentVariables` {"1": first name}. A template
without a ContentSid is a failed message with a Dutch note in the run report, not a crash.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Callable, Dict, List, Optional, Set, Tuple

import requests
from sqlalchemy.orm import Session

from bot.service_window import in_service_window
from huurwijzer.conversation.followups import Outgoing, SendFailed

logger = logging.getLogger(__name__)


class TwilioFollowUpSender:
    """`content_sid(template, language)`: the ContentSid for a template (None: none set);
    `last_inbound(phone)`: when the tenant last wrote (naive UTC, None: unknown, a template goes)."""

    def __init__(self, api_url: str, account_sid: str, auth_token: str, whatsapp_from: str,
                 content_sid: Callable[[str, str], Optional[str]], timeout: float = 10,
                 last_inbound: Callable[[str], Optional[datetime]] = lambda phone: None) -> None:
        self._url = f"{api_url.rstrip('/')}/2010-04-01/Accounts/{account_sid}/Messages.json"
        self._account, self._token, self._from = account_sid, auth_token, whatsapp_from
        self._content_sid = content_sid
        self._timeout = timeout
        self._last_inbound = last_inbound
        self.missing: Set[Tuple[str, str]] = set()  # (template, language) without a ContentSid this run

    def send(self, session: Session, message: Outgoing, now: datetime) -> None:
        if not (self._account and self._token and self._from):
            raise SendFailed("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN of TWILIO_WHATSAPP_FROM ontbreekt")
        form = {"From": f"whatsapp:{self._from}", "To": f"whatsapp:+{message.recipient.lstrip('+')}"}
        if in_service_window(self._last_inbound(message.recipient), now):
            form["Body"] = twilio_text(message.text)
        else:
            sid = self._content_sid(message.template, message.language)
            if not sid:
                self.missing.add((message.template, message.language))
                raise SendFailed(f"geen Twilio ContentSid voor sjabloon {message.template} ({message.language})")
            form["ContentSid"] = sid
            form["ContentVariables"] = json.dumps({"1": message.first_name})
        try:
            reply = requests.post(self._url, data=form, auth=(self._account, self._token), timeout=self._timeout)
        except requests.RequestException as exc:
            raise SendFailed(exc.__class__.__name__) from None
        if reply.status_code >= 300:
            raise SendFailed(twilio_error(reply))

    def notes(self) -> List[str]:
        """For the run report: which templates could not go, and where staff set their ContentSid."""
        return [f"Twilio: sjabloon {template} (taal {language}) heeft geen ContentSid; zet die in "
                "knowledge/corporation.yml bij opvolging.twilio_content"
                for template, language in sorted(self.missing)]


def twilio_text(text: str) -> str:
    from bot.channels.twilio_whatsapp import MAX_TWILIO_TEXT
    from bot.channels.whatsapp import whatsapp_markup

    return whatsapp_markup(text)[:MAX_TWILIO_TEXT]


def twilio_error(reply: requests.Response) -> str:
    """Twilio's status and error code only: its message may repeat the number (it goes to the log;
    the code is enough to look the problem up, e.g. 63016: outside the 24 hours without a template)."""
    try:
        body = reply.json()
    except ValueError:
        body = None
    codes: Dict[str, object] = body if isinstance(body, dict) else {}
    return f"twilio status {reply.status_code} code {codes.get('code')}"
