"""The Rasa server with the measured speed-ups of bot/speedups.py.

    python -m bot.server run --model models/huurwijzer.tar.gz ...   (same arguments as `rasa`)
"""

from __future__ import annotations

import sys

from bot import speedups


def main() -> None:
    speedups.install()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *sys.argv[1:]]
    rasa_main()


if __name__ == "__main__":
    main()
