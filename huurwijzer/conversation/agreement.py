"""Two regressions that read a message differently: a sign the answer may be wrong.

The classifier's dense stage (bot.nlu.classifier) answers the messages its sparse regression is
unsure of, with the sentence encoder's vector beside the word counts. When the sparse regression
alone and the sparse+dense one each put a different topic first, their mix can still pass the
gate's threshold on one of them, and such answers were wrong more often than right (docs/nlu.md,
"Session 11: when the two stages disagree"). The gate then asks for a surer answer
(`disagreement_threshold`), and below it the tenant chooses from the suggestions.
"""

from __future__ import annotations

from typing import Any, Mapping, Optional

from huurwijzer.content.topics import service_topic_of


def _topic(intent: str) -> str:
    # A general intent and its personal twin are one topic (rent_payment and my_rent).
    return service_topic_of(intent) or intent


def stages_disagree(tops: Optional[Mapping[str, Any]]) -> bool:
    """True when the sparse and the dense regression each put another topic first; False when they
    agree or when only one stage answered (no `tops`)."""
    if not tops or not tops.get("sparse") or not tops.get("dense"):
        return False
    return _topic(str(tops["sparse"])) != _topic(str(tops["dense"]))
