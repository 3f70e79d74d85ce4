"""The action server: rasa_sdk's app, reachable only with the secret the Rasa servers send, on
127.0.0.1 unless told otherwise.

    python -m actions.server --port 5055

Anyone who reaches an open action server can run any action with any tracker (for example ask a
one-time code for any phone number), so every call except GET /health must carry the shared secret
HUURWIJZER_ACTION_SECRET in the header ACTION_KEY_HEADER; bot/endpoints*.yml send it. Without a
secret the server does not start (`make run` generates one for the servers it starts).
Before it listens it warms up (huurwijzer.conversation.warmup), so a tenant's first message does not
wait for the content to be read.
"""

from __future__ import annotations

import argparse
import hmac
import logging
import os
from typing import Any, Optional

from huurwijzer.conversation.warmup import warm_up
from huurwijzer.settings import get_settings

# Shared with bot/endpoints.yml and bot/endpoints.production.yml (tests/actions/test_action_server.py).
ACTION_KEY_HEADER = "X-Huurwijzer-Action-Key"
OPEN_PATHS = frozenset({"/health"})

logger = logging.getLogger(__name__)


def authorised(given: Optional[str], secret: str) -> bool:
    return bool(secret) and given is not None and hmac.compare_digest(given.encode(), secret.encode())


def create_app(secret: str) -> Any:
    from rasa_sdk.endpoint import create_app as sdk_app
    from sanic import response
    from sanic.request import Request

    if not secret:
        raise ValueError("HUURWIJZER_ACTION_SECRET is empty")
    app = sdk_app("actions", cors_origins=None)

    @app.middleware("request")  # type: ignore[untyped-decorator]
    async def require_secret(request: Request) -> Any:
        if request.path not in OPEN_PATHS and not authorised(request.headers.get(ACTION_KEY_HEADER), secret):
            return response.json({"error": "unauthorised"}, status=401)
        return None

    return app


def main(argv: Optional[list[str]] = None) -> None:
    from rasa_sdk import utils
    from rasa_sdk.plugin import plugin_manager

    parser = argparse.ArgumentParser(description="Huurwijzer action server")
    parser.add_argument("--port", type=int, default=int(os.environ.get("ACTION_PORT") or 5055))
    parser.add_argument("--interface", default=None,
                        help="network interface (default HUURWIJZER_ACTION_INTERFACE, else 127.0.0.1)")
    args = parser.parse_args(argv)
    settings = get_settings()
    if not settings.action_secret:
        raise SystemExit("HUURWIJZER_ACTION_SECRET is not set: the action server refuses to run without it "
                         "(see .env.example).")
    host = args.interface or settings.action_interface
    utils.configure_colored_logging(os.environ.get("LOG_LEVEL") or "INFO")
    utils.update_sanic_log_level()
    app = create_app(settings.action_secret)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    # Before listening: /health answers only when the first call is as fast as any other.
    warm_up()
    logger.info("Action server on http://%s:%s (calls need %s)", host, args.port, ACTION_KEY_HEADER)
    app.run(host, args.port, workers=utils.number_of_sanic_workers(), access_log=False)


if __name__ == "__main__":
    main()
