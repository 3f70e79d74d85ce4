"""A tenant who criticises us without swearing or threatening ("jullie zijn waardeloos", "wat een slechte
service") is read as abuse by the classifier, and the abuse reply speaks of swearing, threats and the police
(QA, session 22). Criticism gets `criticism`: we are sorry, tell us what happened, or make a complaint. Swearing
and threats keep the abuse reply."""

from __future__ import annotations

import re

from huurwijzer.content.repair_matching import normalise

ABUSE_INTENT = "abuse"
CRITICISM_REPLY = "criticism"

_SWEARING = (r"idioot|idioten|oplichter\w*|stom\w*|dom|debiel\w*|sukkel\w*|eikel\w*|lul\w*|klootzak\w*|hoer\w*|"
             r"klote\w*|kut\w*|kanker\w*|tering\w*|tyfus\w*|godver\w*|verdomme|rot op|flikker\w*|mongool\w*|"
             r"shit\w*|fuck\w*|bitch\w*|asshole\w*|idiot\w*|stupid|scam\w*|crooks?|bastard\w*|bullshit|damn")
_THREAT = (r"kapot|kort en klein|sla|slaan|in elkaar|weet waar (je|jij|u) woon\w*|weet wie|pas (maar )?op|"
           r"(gaat|dan gaat) het mis|dood\w*|bedreig\w*|dreig\w*|geweld\w*|steek|steken|brand|aansteken|"
           r"kill\w*|hurt|burn|i know where|watch out|beat")
_RUDE_OR_THREAT = re.compile(rf"\b({_SWEARING}|{_THREAT})\b")


def is_plain_criticism(intent: str, text: str) -> bool:
    """Read as abuse, but the message neither swears nor threatens."""
    return intent == ABUSE_INTENT and bool(text.strip()) and not _RUDE_OR_THREAT.search(normalise(text))
