"""The Rasa server with the measured speed-ups of bot/speedups.py, the log masking of
bot/log_privacy.py, no stuck conversation whatever fails (bot/resilience/), a new model taken
into use without a restart (bot/model_reload.py) and keep-alive connections closed on SIGTERM
(bot/shutdown.py).
Every patch of a Rasa internal is listed in bot/rasa_patches.py, checked before it is installed.

    python -m bot.server run --model models/huurwijzer.tar.gz ...   (same arguments as `rasa`)
"""

from __future__ import annotations

import logging
import os
import sys

from bot import log_privacy, model_reload, rasa_patches, resilience, shutdown, speedups


def main() -> None:
    rasa_patches.check()  # before any patch: a Rasa that changed under them stops the start with a clear message
    # Rasa sets only its own loggers' level; ours report the same events (model reloaded, ...).
    logging.getLogger("bot").setLevel(os.environ.get("LOG_LEVEL") or "INFO")
    log_privacy.install()
    speedups.install()
    resilience.install()
    model_reload.install()
    shutdown.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
