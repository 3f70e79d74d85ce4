"""An acute situation told as happening now is the urgent path, also when the tenant asks who repairs
(used by bot.nlu.gate through huurwijzer.conversation.gate_decision). "Er komt water door het plafond, wie
moet dat maken?" or "de lift is kapot en er zit iemand vast" got the repair table's who-repairs answer
(QA, session 16): the instructions and the emergency number come first. The emergencies that count are
marked `acuut: ja` in knowledge/emergencies.yml (a big leak, someone stuck in the lift, gas, a fire);
a story told in the past ("gisteren kwam er water door het plafond, wie betaalt de schade?") keeps the
classifier's reading, and a fire only counts while something burns (danger.fire_burns_now)."""

from __future__ import annotations

import re
from typing import Optional

from huurwijzer.content.emergencies import Emergencies
from huurwijzer.conversation.danger import EMERGENCY_INTENT, FIRE, fire_burns_now
from huurwijzer.conversation.understanding import REPAIR_INTENT, Decision

# Words that tell a story of before, not of now.
_AFTERWARDS = re.compile(
    r"\b(gisteren|eergisteren|vorige|vorig|toen|destijds|vroeger|ooit|geweest|was|waren|kwam|kwamen|had|hadden|"
    r"zat|zaten|stond|stonden|liep|liepen|stroomde|stroomden|lekte|lekten|spoot|gutste|gelekt|gestroomd|"
    r"yesterday|last (week|month|year)|was|were|came)\b")


def acute_first(decision: Decision, text: str, emergencies: Optional[Emergencies]) -> Decision:
    """`decision`, or the emergency ("acute") when it tells who repairs while the message tells an acute
    situation that is happening now."""
    if emergencies is None or decision.intent != REPAIR_INTENT:
        return decision
    low = " ".join(text.lower().split())
    found = emergencies.acute(low)
    if found is None or _AFTERWARDS.search(low) or (found.kind == FIRE and not fire_burns_now(low)):
        return decision
    return Decision(EMERGENCY_INTENT, decision.confidence, "acute")
