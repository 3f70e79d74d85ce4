"""Channel state that every Rasa server must see the same when several share the load: the
per-sender rate limit, the limit on new conversations per client address, the message ids
already handled (WhatsApp and Twilio retry a webhook until they get a 200, and a retry may reach
another server), and the numbered choices Twilio showed a tenant (the answer "2" may reach
another server).

In the Rasa server's memory by default (one server); in Redis when HUURWIJZER_REDIS_URL is set
(docs/deploy.md). Keys are hashed: no phone numbers or sender ids are stored in Redis.

When Redis fails, a tenant is still answered, so each call fails open and logs
`channel_state.unavailable` (no message contents): the rate limit lets the message through, a
message id counts as new (a retry may then be answered twice), and a typed number is passed on
as text. Each call waits at most REDIS_TIMEOUT seconds.

What each piece does is in kinds.py; in_memory.py and in_redis.py hold the two ways of keeping it,
and the functions here choose one by the settings.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple

from bot.channels.shared_state.in_memory import (
    MemoryChoices,
    MemoryNewSenderLimit,
    MemorySeenMessages,
    MemorySenderLimit,
)
from bot.channels.shared_state.in_redis import (
    RedisChoices,
    RedisNewSenderLimit,
    RedisSeenMessages,
    RedisSenderLimit,
    RedisState,
)
from bot.channels.shared_state.kinds import Choices, NewSenderLimit, SeenMessages, SenderLimit

_redis: Optional[RedisState] = None
_limit: Optional[SenderLimit] = None
_new_limit: Optional[NewSenderLimit] = None


def _redis_state() -> Optional[RedisState]:
    global _redis
    from huurwijzer.settings import get_settings

    url = get_settings().redis_url
    if not url:
        return None
    if _redis is None or _redis.url != url:
        _redis = RedisState(url)
    return _redis


def _per_period(variable: str, default: int) -> Tuple[Optional[RedisState], int]:
    """The shared Redis state (None: this server's memory) and a limit from the environment."""
    state = _redis_state()  # reads the settings first, which loads .env
    return state, int(os.environ.get(variable) or default)


def sender_limit() -> SenderLimit:
    """HUURWIJZER_RATE_LIMIT messages per sender per 10 seconds (default 20; 0 = off)."""
    global _limit
    if _limit is None:
        state, per_window = _per_period("HUURWIJZER_RATE_LIMIT", 20)
        _limit = RedisSenderLimit(state, per_window) if state else MemorySenderLimit(per_window)
    return _limit


def new_sender_limit() -> NewSenderLimit:
    """HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE new conversations per client address per minute
    (default 60; 0 = off), over every channel a client can choose its own sender id on."""
    global _new_limit
    if _new_limit is None:
        state, per_minute = _per_period("HUURWIJZER_NEW_CONVERSATIONS_PER_MINUTE", 60)
        _new_limit = RedisNewSenderLimit(state, per_minute) if state else MemoryNewSenderLimit(per_minute)
    return _new_limit


def seen_messages(channel: str) -> SeenMessages:
    state = _redis_state()
    return RedisSeenMessages(state, channel) if state else MemorySeenMessages()


def choices() -> Choices:
    state = _redis_state()
    return RedisChoices(state) if state else MemoryChoices()


def typed_choice(text: str, shown: Sequence[Dict[str, Any]]) -> str:
    """What a typed number means after the choices `shown` (Twilio's numbered list, WhatsApp's reply
    buttons or list rows, in their order): that choice's payload. A text that is itself a choice's
    title or payload ("8" as a score, "2" where the buttons are the marks 1-10) stays as typed."""
    typed = text.strip()
    if not typed.isdigit() or any(typed in (str(b.get("title") or ""), str(b.get("payload") or "")) for b in shown):
        return text
    number = int(typed)
    if 1 <= number <= len(shown):
        return str(shown[number - 1].get("payload") or text)
    return text


def shown_choices(buttons: Sequence[Dict[str, Any]], limit: int) -> List[Dict[str, Any]]:
    """The choices as a channel showed them: the first `limit`, with their title and payload only."""
    return [{"title": b.get("title"), "payload": b.get("payload")} for b in list(buttons)[:limit]]
