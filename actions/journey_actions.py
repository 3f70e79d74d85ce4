"""Rasa SDK actions for the onboarding journey; each one call into actions.journey."""

from __future__ import annotations

from actions import journey
from actions.personal_actions import AskAction, FlowAction, FlowValidation


class ActionOnboarding(FlowAction):
    """'ik ben nieuwe huurder', 'verder', 'later verder'."""

    action_name = "action_onboarding"
    flow = staticmethod(journey.journey_step)


class ActionOnboardingChecklist(FlowAction):
    """'wat moet ik nog doen?'"""

    action_name = "action_onboarding_checklist"
    flow = staticmethod(journey.checklist)


class ActionOnboardingSaved(FlowAction):
    """After the maatwerk or the feedback questions."""

    action_name = "action_onboarding_saved"
    flow = staticmethod(journey.answers_saved)


class AskPrefChannel(AskAction):
    slot = "pref_channel"


class AskPrefTimes(AskAction):
    slot = "pref_times"


class AskPrefLanguage(AskAction):
    slot = "pref_language"


class AskPrefMoney(AskAction):
    slot = "pref_money"


class AskPrefCare(AskAction):
    slot = "pref_care"


class AskFeedbackScore(AskAction):
    slot = "feedback_score"


class AskFeedbackComment(AskAction):
    slot = "feedback_comment"


class ValidateOnboardingForm(FlowValidation):
    form = "onboarding_form"
    slots = journey.PREFERENCE_SLOTS
    flow = staticmethod(journey.preference_input)


class ValidateFeedbackForm(FlowValidation):
    form = "feedback_form"
    slots = journey.FEEDBACK_SLOTS
    flow = staticmethod(journey.feedback_input)
