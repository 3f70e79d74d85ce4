"""Rasa SDK actions for the onboarding journey; each one call into actions.journey."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import journey
from actions.personal_actions import AskAction, in_thread, say, say_without_metadata, slot_events, turn_from


class ActionOnboarding(Action):
    """'ik ben nieuwe huurder', 'verder', 'later verder'."""

    def name(self) -> str:
        return "action_onboarding"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Any]:
        step = await in_thread(journey.journey_step, turn_from(tracker))
        say(dispatcher, step)
        return slot_events(step)


class ActionOnboardingChecklist(Action):
    """'wat moet ik nog doen?'"""

    def name(self) -> str:
        return "action_onboarding_checklist"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Any]:
        step = await in_thread(journey.checklist, turn_from(tracker))
        say(dispatcher, step)
        return slot_events(step)


class ActionOnboardingSaved(Action):
    """After the maatwerk or the feedback questions."""

    def name(self) -> str:
        return "action_onboarding_saved"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[str, Any]) -> List[Any]:
        step = await in_thread(journey.answers_saved, turn_from(tracker))
        say(dispatcher, step)
        return slot_events(step)


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


class ValidateOnboardingForm(FormValidationAction):
    def name(self) -> str:
        return "validate_onboarding_form"

    async def _check(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                     tracker: Tracker) -> Dict[str, Any]:
        if value is None:  # a slot cleared before the form started: nothing was answered
            return {}
        step = await in_thread(journey.preference_input, turn_from(tracker), slot, value)
        say_without_metadata(dispatcher, step.reply)
        return dict(step.slots)

    async def validate_pref_channel(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                    domain: DomainDict) -> Dict[str, Any]:
        return await self._check("pref_channel", value, dispatcher, tracker)

    async def validate_pref_times(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[str, Any]:
        return await self._check("pref_times", value, dispatcher, tracker)

    async def validate_pref_language(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                     domain: DomainDict) -> Dict[str, Any]:
        return await self._check("pref_language", value, dispatcher, tracker)

    async def validate_pref_money(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict) -> Dict[str, Any]:
        return await self._check("pref_money", value, dispatcher, tracker)

    async def validate_pref_care(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                 domain: DomainDict) -> Dict[str, Any]:
        return await self._check("pref_care", value, dispatcher, tracker)


class ValidateFeedbackForm(FormValidationAction):
    def name(self) -> str:
        return "validate_feedback_form"

    async def _check(self, slot: str, value: Any, dispatcher: CollectingDispatcher,
                     tracker: Tracker) -> Dict[str, Any]:
        if value is None:
            return {}
        step = await in_thread(journey.feedback_input, turn_from(tracker), slot, value)
        say_without_metadata(dispatcher, step.reply)
        return dict(step.slots)

    async def validate_feedback_score(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                      domain: DomainDict) -> Dict[str, Any]:
        return await self._check("feedback_score", value, dispatcher, tracker)

    async def validate_feedback_comment(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                                        domain: DomainDict) -> Dict[str, Any]:
        return await self._check("feedback_comment", value, dispatcher, tracker)
