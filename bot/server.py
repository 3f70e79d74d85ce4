"""The Rasa server with the measured speed-ups of bot/speedups.py, the log masking of
bot/log_privacy.py and the apology when the action server fails (bot/resilience.py).

    python -m bot.server run --model models/huurwijzer.tar.gz ...   (same arguments as `rasa`)
"""

from __future__ import annotations

import sys

from bot import log_privacy, resilience, speedups


def main() -> None:
    log_privacy.install()
    speedups.install()
    resilience.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
