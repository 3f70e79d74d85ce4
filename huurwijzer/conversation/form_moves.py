"""Messages inside a form that its slot mappings do not take as answers, because the classifier read them
as asking for a person or as "no", while the tenant meant to stay in the form (QA, session 18): "terug"
goes back one question, as it does in the journey (in the repair, login, maatwerk and closing-score forms);
"niet dringend" answers the repair form's question how urgent it is. action_stop_form asks here first; the
form then goes on where the Step says (Step.resume_form)."""

from __future__ import annotations

from typing import Mapping, Optional, Tuple

from huurwijzer.conversation.journey_words import goes_back
from huurwijzer.conversation.kernel import FEEDBACK_SLOTS, REPAIR_SLOTS, Step, Turn
from huurwijzer.conversation.repair_details import LOOSE_URGENCY, stops_report, urgency
from huurwijzer.conversation.shared_names import (
    FEEDBACK_FORM,
    ONBOARDING_FORM,
    PREFERENCE_SLOTS,
    REPAIR_FORM,
    REQUESTED_SLOT,
    VERIFICATION_FORM,
    VERIFICATION_SLOTS,
)

URGENCY_SLOT = "repair_urgency"
# Each form's questions in the order it asks them (bot/domain), by the form's name.
FORM_QUESTIONS: Mapping[str, Tuple[str, ...]] = {
    REPAIR_FORM: REPAIR_SLOTS, VERIFICATION_FORM: VERIFICATION_SLOTS, ONBOARDING_FORM: PREFERENCE_SLOTS,
    FEEDBACK_FORM: FEEDBACK_SLOTS}


def asked_in(turn: Turn) -> Tuple[str, Tuple[str, ...], str]:
    """(form, its questions, the question being asked), or ("", (), "") outside these forms."""
    asked = str(turn.slots.get(REQUESTED_SLOT) or "")
    for form, questions in FORM_QUESTIONS.items():
        if asked in questions:
            return form, questions, asked
    return "", (), ""


def back_at_first_question(turn: Turn) -> bool:
    """"terug" where a form asks its first question: nothing to go back to, the form stops."""
    _, questions, asked = asked_in(turn)
    return bool(questions) and asked == questions[0] and goes_back(turn.text)


def step_back(turn: Turn) -> Optional[Step]:
    """"terug" after a form's second or later question, whatever the classifier read it as: the answer
    before is asked again (the form asks its first empty question). None for any other message."""
    form, questions, asked = asked_in(turn)
    if not form or not goes_back(turn.text) or asked == questions[0]:
        return None
    return Step(slots={questions[questions.index(asked) - 1]: None, asked: None}, resume_form=form)


def move_in_form(turn: Turn) -> Optional[Step]:
    """The form's next move for a message that stopped it by its intent, or None when it should stop."""
    form, _, asked = asked_in(turn)
    if not form:
        return None
    if goes_back(turn.text):
        return step_back(turn)
    if asked == URGENCY_SLOT and not stops_report(turn.text):
        said = urgency(turn.text, LOOSE_URGENCY)
        if said is not None:  # "niet dringend", "nee hoor, kan wachten": read as "no", meant as the answer
            return Step(slots={asked: said}, resume_form=form)
    return None
