"""A plea for help alone ("help", "hulp", "ik heb hulp nodig"): the help answer, what the assistant can do and
how to reach a person (QA, sessions 15 and 20), whatever the classifier made of it."""

from __future__ import annotations

import re

HELP_REPLY = "help_offer"

_PLEA_FOR_HELP = re.compile(r"^(hallo |hoi |hey )?(help|hulp|help me|helpen|ik heb hulp nodig|hulp nodig|"
                            r"kunt u mij helpen|kun je me helpen|kunt u me helpen|please help|help please|i need help|"
                            r"sos)[!?. ]*$")


def is_plea_for_help(text: str) -> bool:
    return bool(_PLEA_FOR_HELP.match(" ".join(text.lower().split())))
