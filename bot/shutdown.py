"""A Rasa server told to stop (SIGTERM) stops answering at once on connections kept open.

Sanic (21.12) waits up to GRACEFUL_SHUTDOWN_TIMEOUT (15 s) for connections that are not idle and
keeps answering requests on a keep-alive connection meanwhile: a load balancer or client that
keeps reusing the connection kept talking to a stopping server for 16 s (measured). From the
moment the server is told to stop, every response says `Connection: close` and its connection is
closed after it, and connections waiting idle are closed straight away, so clients move to another
server and the process exits within a second or two. The connections kept open to the action server
(bot/action_connections.py) are closed when the server has stopped. Installed by `python -m bot.server`.
"""

from __future__ import annotations

import logging
from typing import Any, Dict

from bot import action_connections

logger = logging.getLogger(__name__)


def prepare(app: Any) -> None:
    """Adds the listener and the middleware to a Rasa server's Sanic app."""
    state: Dict[str, Any] = {"stopping": False, "connections": set()}

    async def remember_connection(request: Any) -> None:
        protocol = request.transport.get_protocol() if request.transport else None
        if protocol is not None and hasattr(protocol, "connections"):
            state["connections"] = protocol.connections  # the server's own set of open connections

    async def close_after_response(request: Any, response: Any) -> None:
        if state["stopping"] and request.stream is not None:
            request.stream.keep_alive = False

    async def stop_keeping_alive(app: Any, loop: Any) -> None:
        state["stopping"] = True
        closed = sum(bool(conn.close_if_idle()) for conn in list(state["connections"]))
        logger.info("server.stopping idle_connections_closed=%d", closed)

    app.register_middleware(remember_connection, "request")
    app.register_middleware(close_after_response, "response")
    app.register_listener(stop_keeping_alive, "before_server_stop")
    app.register_listener(action_connections.close, "after_server_stop")  # the kept action-server connections


def install() -> None:
    """Its Rasa targets are listed in bot/rasa_patches.py and checked before it runs."""
    import rasa.core.run

    configure_app = rasa.core.run.configure_app

    def configure_app_closing_on_stop(*args: Any, **kwargs: Any) -> Any:
        app = configure_app(*args, **kwargs)
        prepare(app)
        return app

    rasa.core.run.configure_app = configure_app_closing_on_stop
