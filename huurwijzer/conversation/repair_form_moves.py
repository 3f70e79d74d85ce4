"""Messages inside the repair form that its slot mappings do not take as answers, because the classifier
read them as asking for a person or as "no", while the tenant meant to stay in the form (QA, session 18):
"terug" goes back one question, as it does in the journey; "niet dringend" answers how urgent it is.
action_stop_form asks here first; the form then goes on where the Step says (Step.resume_form)."""

from __future__ import annotations

from typing import Optional

from huurwijzer.conversation.journey_words import goes_back
from huurwijzer.conversation.kernel import REPAIR_SLOTS, Step, Turn
from huurwijzer.conversation.repair_details import LOOSE_URGENCY, stops_report, urgency
from huurwijzer.conversation.shared_names import REPAIR_FORM, REQUESTED_SLOT

URGENCY_SLOT = "repair_urgency"


def asked_slot(turn: Turn) -> str:
    """The repair form's question being asked, or "" outside it."""
    asked = str(turn.slots.get(REQUESTED_SLOT) or "")
    return asked if asked in REPAIR_SLOTS else ""


def back_at_first_question(turn: Turn) -> bool:
    """"terug" where the form asks its first question: nothing to go back to, the report stops."""
    return asked_slot(turn) == REPAIR_SLOTS[0] and goes_back(turn.text)


def move_in_form(turn: Turn) -> Optional[Step]:
    """The form's next move for a message that stopped it by its intent, or None when it should stop."""
    asked = asked_slot(turn)
    if not asked:
        return None
    if goes_back(turn.text):
        index = REPAIR_SLOTS.index(asked)
        if index == 0:
            return None
        # The answer before is asked again (the form asks its first empty question).
        return Step(slots={REPAIR_SLOTS[index - 1]: None, asked: None}, resume_form=REPAIR_FORM)
    if asked == URGENCY_SLOT and not stops_report(turn.text):
        said = urgency(turn.text, LOOSE_URGENCY)
        if said is not None:  # "niet dringend", "nee hoor, kan wachten": read as "no", meant as the answer
            return Step(slots={asked: said}, resume_form=REPAIR_FORM)
    return None
