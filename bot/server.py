"""The Rasa server with the measured speed-ups of bot/speedups.py, the log masking of
bot/log_privacy.py, the apology when the action server fails (bot/resilience.py) and a new
model taken into use without a restart (bot/model_reload.py).

    python -m bot.server run --model models/huurwijzer.tar.gz ...   (same arguments as `rasa`)
"""

from __future__ import annotations

import logging
import os
import sys

from bot import log_privacy, model_reload, resilience, speedups


def main() -> None:
    # Rasa sets only its own loggers' level; ours report the same events (model reloaded, ...).
    logging.getLogger("bot").setLevel(os.environ.get("LOG_LEVEL") or "INFO")
    log_privacy.install()
    speedups.install()
    resilience.install()
    model_reload.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
