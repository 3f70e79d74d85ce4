"""What an answering action does with a turn, as one value: the reply it says, the slots it sets and
the action Rasa runs next. The entry points that decide a whole reply (question_reply, fallback_reply)
return it; the SDK adapter only translates it. No Rasa types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Optional

from huurwijzer.conversation.reply import Reply

# Slot (bot/domain/conversation.yml): the fallback offered topics; a second fallback offers a person.
FALLBACK_SLOT = "fallback_suggested"
# The action that answers a follow-up message (actions.followup_actions.ActionFollowupAnswer).
FOLLOWUP_ANSWER = "action_followup_answer"


@dataclass(frozen=True)
class TurnOutcome:
    reply: Optional[Reply] = None
    slots: Mapping[str, Any] = field(default_factory=dict)
    then: Optional[str] = None  # the action Rasa runs after this one


def answered(reply: Reply, suggested: bool = False) -> TurnOutcome:
    """`reply` said; the fallback's topics were offered (`suggested`) or not."""
    return TurnOutcome(reply, {FALLBACK_SLOT: suggested})


# A short answer to an open follow-up ("all good thanks", "there is a problem") goes to its own action.
HANDED_TO_FOLLOWUP = TurnOutcome(slots={FALLBACK_SLOT: False}, then=FOLLOWUP_ANSWER)
