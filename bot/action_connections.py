"""The Rasa server's calls to the action server reuse their connections (keep-alive).

Rasa 3.6 makes every action call with a new aiohttp ClientSession (`EndpointConfig.request`:
`async with self.session()`), and closing that session closes its connector: a new TCP connection
for every call, two or three a message (6.5 % of a letter's time in py-spy, docs/performance.md).
`EndpointConfig.session` (bot/speedups.py) now hands each call a session on one connector per event
loop that the session does not own: closing the session leaves the connector, and the connections
it keeps open, to the next call. The connector is closed when the server stops (`close`, a Sanic
listener added by bot/shutdown.py).

An idle connection is kept KEEPALIVE_SECONDS, less than the action server's own keep-alive timeout
(Sanic's default, 5 s): the client drops a connection before the server would, so a call is not
sent on a connection the server is closing at that moment. A call that fails on a connection the
action server closed otherwise (it was restarted while the connection waited) fails as a refused
connection did before: the apology (bot/resilience/action_failures.py). As before, the number of
connections at once is not limited.
"""

from __future__ import annotations

import asyncio
import weakref
from typing import Any

KEEPALIVE_SECONDS = 2.0

# Weak keys, though a connector refers to its loop: entries of closed loops are dropped by connector().
_connectors: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = weakref.WeakKeyDictionary()


def connector() -> Any:
    """The running event loop's connector for action-server calls (made on first use)."""
    import aiohttp

    loop = asyncio.get_running_loop()
    found = _connectors.get(loop)
    if found is None or found.closed:
        for stopped in [other for other in _connectors if other.is_closed()]:  # loops of earlier asyncio.run's
            del _connectors[stopped]
        found = aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS)
        _connectors[loop] = found
    return found


async def close(*_: Any) -> None:
    """Closes the running loop's connector and its open connections (when the server stops)."""
    found = _connectors.pop(asyncio.get_running_loop(), None)
    if found is not None:
        await found.close()
