"""Keeps tenants' personal data out of the Rasa server's logs.

Rasa logs the whole request to the action server (tracker, user text, metadata with phone
numbers) when an action fails, and its structured log events carry user text. `install()`
(called by `python -m bot.server`) makes every log record safe when it is created: request bodies
are cut off, phone numbers, e-mail addresses, IBANs, contract numbers, postcodes, dates and
9-digit numbers are masked, also in tracebacks; structlog's text fields are left out. Python
warnings (Rasa warns with the user's text when a message starting with "/" does not parse) go
through logging, and so through the same masking. A bot message marked as personal
(huurwijzer.conversation.shared_names.PERSONAL_KEY) shows no text when Rasa logs the event.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Callable, Dict

from huurwijzer.conversation.shared_names import PERSONAL_KEY, PERSONAL_PLACEHOLDER, REDACTED
from huurwijzer.privacy import mask

# "body=..." / "request_body: ...": everything after it is the request.
_BODY = re.compile(r"((?:request_body|body)\s*[=:]\s*).*", re.S)
# A request or tracker dumped as JSON or as a Python dict: from its opening brace to the end.
_DUMP = re.compile(r"\{\s*\\?[\"'](?:next_action|sender_id|tracker|events|latest_message|slots)\\?[\"'].*", re.S)
_installed = False


def sanitise(text: str) -> str:
    return mask(_DUMP.sub(REDACTED, _BODY.sub(lambda m: m.group(1) + REDACTED, text)))


def _safe_record_factory(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def create(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string must not break logging
            message = str(record.msg)
        record.msg, record.args = sanitise(message), ()
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = sanitise(logging.Formatter().formatException(record.exc_info))
        return record

    return create


def _structlog_processor(_: Any, __: str, event_dict: Dict[str, Any]) -> Dict[str, Any]:
    for key in list(event_dict):
        if key in _TEXT_KEYS:
            event_dict[key] = REDACTED
        elif isinstance(event_dict[key], str):
            event_dict[key] = sanitise(event_dict[key])
    return event_dict


# structlog fields that carry what the user wrote or what the tracker holds (Rasa's own list).
_TEXT_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response", "slot_candidates",
    "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states", "successes", "current_entity",
    "next_entity", "states", "entity", "token_text", "user_message", "json_message", "metadata",
})


def _hide_personal_bot_texts() -> None:
    """Rasa logs events with str() and repr() (e.g. "Action ... ended with events [...]")."""
    from rasa.shared.core.events import BotUttered

    def shown(original: Callable[[BotUttered], str]) -> Callable[[BotUttered], str]:
        def text_of(event: BotUttered) -> str:
            if isinstance(event.metadata, dict) and event.metadata.get(PERSONAL_KEY) is True:
                return original(BotUttered(PERSONAL_PLACEHOLDER, {}, event.metadata, event.timestamp))
            return original(event)

        return text_of

    BotUttered.__str__ = shown(BotUttered.__str__)  # type: ignore[method-assign]
    BotUttered.__repr__ = shown(BotUttered.__repr__)  # type: ignore[method-assign]


def install() -> None:
    """Idempotent; must run before Rasa configures its logging. Its Rasa targets are listed in
    bot/rasa_patches.py."""
    global _installed
    if _installed:
        return
    logging.setLogRecordFactory(_safe_record_factory(logging.getLogRecordFactory()))
    # Warnings are printed straight to stderr otherwise, past the record factory.
    logging.captureWarnings(True)
    _hide_personal_bot_texts()
    from rasa.utils import log_utils

    log_utils._anonymizer = _structlog_processor  # type: ignore[assignment]
    _installed = True
