"""The Rasa server with the measured speed-ups of bot/speedups.py, the log masking of
bot/log_privacy.py, no stuck conversation whatever fails (bot/resilience.py), a new model taken
into use without a restart (bot/model_reload.py) and keep-alive connections closed on SIGTERM
(bot/shutdown.py).

    python -m bot.server run --model models/huurwijzer.tar.gz ...   (same arguments as `rasa`)
"""

from __future__ import annotations

import logging
import os
import sys

from bot import log_privacy, model_reload, resilience, shutdown, speedups


def main() -> None:
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
