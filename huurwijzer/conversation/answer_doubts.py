"""Second thoughts on a who-repairs answer the classifier was unsure of (used by bot.nlu.gate after
huurwijzer.conversation.understanding.decide): words that say the message is about another topic
make the tenant choose from the suggestions instead of being told with confidence who repairs.

Told wrongly with confidence that a repair is theirs (or ours) leaves a tenant worse off than a
clarifying question (issue 15). Two kinds of message got such answers from the repair table:
- a change the tenant made with our permission, asked about when the tenancy ends ("met
  toestemming een eigen keuken geplaatst, nu zeg ik op: moet ik die weghalen?"): that is the
  compensation or removal of a change (home_modification), even when the classifier did not rank it;
- the table asked because who-repairs led without conviction, while a rival topic among the
  classifier's four best is named in its own words (understanding.named_topics), also where a
  bracket or a comma breaks those words apart ("de buren (eigenaars) hebben mijn schutting vernield"):
  decide() looks at the second and third only, in the text as written.
Refused (lost a right answer on a retired blind set): the same rival check when a neighbouring
topic led the ranking below the threshold (docs/nlu.md, "Session 16: confidently wrong").
"""

from __future__ import annotations

import re
from typing import Any, Mapping, Sequence

from huurwijzer.content.repair_matching import normalise
from huurwijzer.content.topics import service_topic_of
from huurwijzer.conversation.understanding import (
    FALLBACK_INTENT,
    REPAIR_INTENT,
    UNSURE,
    Decision,
    named_topics,
)

# A rival this likely counts when it is named in its own words (the table route looks at the
# three best; a fourth with this share is as much a candidate).
RIVAL_SHARE = 0.05
# Reporting a repair shares the repair's words ("al gemeld" is history, not another topic).
_NOT_RIVALS = frozenset({"report_repair"})
_PERMISSION = r"(toestemming|goedkeuring|akkoord|zav|mocht ik|mochten wij|mochten we|with permission|permission)"
_LEAVING = (r"((zeg|zegt|zeggen|zei) (\w+ ){0,3}op|verhuiz\w*|vertrek\w*|oplever\w*|einde|eindigt|opzeg\w*|"
            r"opgezegd|beeindig\w*|afgelopen|achter ?la\w*|achtergelaten|achtergebleven|oude staat|move out|"
            r"moving out|end of (the|my) (lease|tenancy))")
_CHANGE_AT_LEAVING = re.compile(rf"\b{_PERMISSION}\b.{{0,240}}\b{_LEAVING}\b|\b{_LEAVING}\b.{{0,240}}\b{_PERMISSION}\b")


def doubt_first(decision: Decision, text: str, ranking: Sequence[Mapping[str, Any]], threshold: float) -> Decision:
    """`decision`, or a fallback ("evidence_disagrees") when it tells who repairs without the
    classifier's conviction while the message's words point at another topic."""
    if decision.intent != REPAIR_INTENT or decision.reason not in ("classifier", "repair_table"):
        return decision
    ranked = [(str(r.get("name")), float(r.get("confidence") or 0.0)) for r in ranking if r.get("name")]
    repair_share = next((c for name, c in ranked if name == REPAIR_INTENT), 0.0)
    if decision.reason == "classifier" and repair_share >= UNSURE:
        return decision
    flat = normalise(text)
    if _CHANGE_AT_LEAVING.search(flat) or (decision.reason == "repair_table" and _rival_named(text, flat, ranked)):
        return Decision(FALLBACK_INTENT, threshold, "evidence_disagrees")
    return decision


def _rival_named(text: str, flat: str, ranked: Sequence[tuple[str, float]]) -> bool:
    """Who-repairs led the ranking and a rival of the four best with RIVAL_SHARE is named in its own words."""
    if not ranked or ranked[0][0] != REPAIR_INTENT:
        return False
    named = named_topics(text) | named_topics(flat)
    return any(topic in named and topic not in _NOT_RIVALS for name, share in ranked[:4]
               if name != REPAIR_INTENT and share >= RIVAL_SHARE and (topic := service_topic_of(name)) is not None)
