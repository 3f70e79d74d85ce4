"""A fake external API (WhatsApp's Cloud API, Twilio) as a real HTTP server on 127.0.0.1: tests never touch
the network."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator, Type


@contextmanager
def fake_api(handler: Type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """The server's base address (`http://127.0.0.1:PORT`) while the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
