"""Rasa SDK actions for the onboarding journey; each one call into huurwijzer.conversation.journey_steps or
.journey_answers. Its form questions (action_ask_pref_*, action_ask_feedback_*) are generated in
actions/personal_actions.py."""

from __future__ import annotations

from actions.personal_actions import FlowAction, FlowValidation
from huurwijzer.conversation import journey_answers, journey_steps, kernel, shared_names
from huurwijzer.conversation.shared_names import FEEDBACK_FORM, ONBOARDING_FORM


class ActionOnboarding(FlowAction):
    """'ik ben nieuwe huurder', 'verder', 'later verder'."""

    action_name = journey_steps.GO_ON
    flow = staticmethod(journey_steps.journey_step)


class ActionOnboardingChecklist(FlowAction):
    """'wat moet ik nog doen?'"""

    action_name = "action_onboarding_checklist"
    flow = staticmethod(journey_steps.checklist)


class ActionOnboardingSaved(FlowAction):
    """After the maatwerk or the feedback questions."""

    action_name = "action_onboarding_saved"
    flow = staticmethod(journey_answers.answers_saved)


class ValidateOnboardingForm(FlowValidation):
    form = ONBOARDING_FORM
    slots = shared_names.PREFERENCE_SLOTS
    flow = staticmethod(journey_answers.preference_input)


class ValidateFeedbackForm(FlowValidation):
    form = FEEDBACK_FORM
    slots = kernel.FEEDBACK_SLOTS
    flow = staticmethod(journey_answers.feedback_input)
