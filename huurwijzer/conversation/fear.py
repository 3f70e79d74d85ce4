"""A tenant who says they are afraid ("ik ben echt bang", "I'm scared") and whose message the classifier
could not place: the reply acknowledges it and says what to do now (danger, a threat, water), above the
likely topics as buttons (QA, session 19: it got only "Ik weet niet zeker wat u bedoelt"). The words are
read here; the text is `fear_support` in knowledge/replies.yml."""

from __future__ import annotations

import re

from huurwijzer.content.loader import Content
from huurwijzer.conversation.reply import Reply, fixed_reply

FEAR_REPLY = "fear_support"

_FEAR = re.compile(r"\b(bang|angstig|doodsbang|in paniek|ik durf (het )?niet|voel me (niet veilig|onveilig)|"
                   r"scared|afraid|frightened|terrified|feel unsafe)\b")


def says_fear(text: str) -> bool:
    return bool(_FEAR.search(" ".join(text.lower().split())))


def fear_reply(content: Content, suggested: Reply) -> Reply:
    """The acknowledgement and what to do, with `suggested`'s topics as its buttons."""
    return fixed_reply(content, FEAR_REPLY, suggested.metadata, buttons=suggested.buttons)
