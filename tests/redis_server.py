"""A redis-server of the test's own (the machine's shared one is never cut): started on a free port."""

from __future__ import annotations

import shutil
import subprocess
import time


def start_redis(port: int) -> subprocess.Popen[bytes]:
    import redis

    server = shutil.which("redis-server")
    assert server, "redis-server is needed for this test (Debian package redis-server)"
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            redis.Redis(port=port, socket_timeout=1).ping()
            return process
        except redis.ConnectionError:
            time.sleep(0.1)
    raise TimeoutError("redis-server")
