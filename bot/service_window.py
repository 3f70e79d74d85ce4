"""WhatsApp's customer service window: free text may go to a tenant who wrote to us less than 24 hours ago;
outside it only an approved template may (Cloud API and Twilio alike)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Optional

SERVICE_WINDOW = timedelta(hours=24)


def in_service_window(last: Optional[datetime], now: datetime) -> bool:
    """The tenant wrote to us less than 24 hours ago (unknown: no)."""
    return last is not None and now - last < SERVICE_WINDOW
