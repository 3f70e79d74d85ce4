"""A general question the classifier put under a personal intent: "wat is een huismeester" was read as
my_home ("wie is mijn huismeester") and asked the tenant to log in (QA, session 16). A question what a thing
or a role is, that says nothing of the tenant's own ("mijn", "bij ons"), is answered from the knowledge
entry that fits it best; the entry tells how to get the tenant's own data. Plain function, no Rasa types."""

from __future__ import annotations

import re
from typing import Optional

from huurwijzer.content.loader import Content
from huurwijzer.content.repair_matching import normalise
from huurwijzer.conversation.answering import answer_question
from huurwijzer.conversation.reply import Reply

# The personal intents that only tell (reporting a repair or logging in is never read as a definition).
READ_ONLY_INTENTS = frozenset({"my_home", "my_rent", "my_repairs", "my_subscription"})
# "wat is een huismeester", "wat doet een huismeester", "what is a caretaker" and nothing of the tenant's own.
_WHAT_IS = re.compile(r"^(wat (is|zijn|doet|doen|betekent) (eigenlijk )?(een|de functie van( een)?)|"
                      r"what (is|are|does) an?)\b")
# Surer than an answer within a topic needs (answering.MIN_ENTRY_SCORE): the classifier's topic is set aside
# ("wat is een energielabel" fits no entry this well and stays with the tenant's own home).
MIN_SCORE = 0.5
_OWN = re.compile(r"\b(mijn|m n|mn|onze|ons|wij|we|ik|me|mij|my|our|i|me)\b")


def general_reading(content: Content, text: str, intent: str, confidence: float) -> Optional[Reply]:
    """The general answer to a question what something is, read as the personal `intent`; None when the
    message is not such a question or no entry fits it."""
    clean = normalise(text)
    if intent not in READ_ONLY_INTENTS or not _WHAT_IS.match(clean) or _OWN.search(clean):
        return None
    found = content.index.rank(clean, limit=1)
    if not found or found[0].score < MIN_SCORE:
        return None
    entry = found[0].entry
    return answer_question(content, entry.topic, confidence, text, entry.id)
