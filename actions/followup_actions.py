"""Rasa SDK actions for the follow-ups after the keys; each one call into huurwijzer.conversation.followup_flows."""

from __future__ import annotations

from actions.personal_actions import FlowAction
from huurwijzer.conversation import bare_yes, choices, followup_flows, maatwerk_flows
from huurwijzer.conversation.turn_outcome import FOLLOWUP_ANSWER


class ActionFollowupConsent(FlowAction):
    """'Ja, graag' / 'nee, liever niet' to follow-up messages."""

    action_name = "action_followup_consent"
    flow = staticmethod(followup_flows.consent_answer)


class ActionFollowupAnswer(FlowAction):
    """'stop berichten', 'nee, alles werkt', 'ja, de kraan lekt' after a follow-up; a bare "ja"
    without a follow-up answers the assistant's own last question (huurwijzer.conversation.bare_yes)."""

    action_name = FOLLOWUP_ANSWER
    flow = staticmethod(bare_yes.followup_or_yes)


class ActionMaatwerk(FlowAction):
    """'huur later afschrijven', 'contactpersoon toevoegen': a task for staff, and when they call."""

    action_name = "action_maatwerk"
    flow = staticmethod(maatwerk_flows.request)


class ActionRepairScore(FlowAction):
    """'8, de monteur was netjes' after the question about a completed repair."""

    action_name = "action_repair_score"
    flow = staticmethod(followup_flows.repair_score)


class ActionMoveInChoice(FlowAction):
    """'mijn keuzes', or a choice made with a button: stored, confirmed, the next one asked."""

    action_name = "action_move_in_choice"
    flow = staticmethod(choices.choice_step)
