"""A bare "ja" outside a follow-up. The classifier reads a lone yes as the answer to a follow-up
("is er iets kapot?" - "ja"), which starts a repair report. When no follow-up is open the yes
answers the assistant's own last question: the journey offer or "Zullen we verdergaan met de
kennismaking?", the consent question, or the confirmation of withdrawing a repair request; otherwise
it is only a yes and starts nothing."""

from __future__ import annotations

from dataclasses import replace

from huurwijzer.content.loader import Content
from huurwijzer.conversation import followup_flows, journey_slots, journey_steps, kernel, personal_questions
from huurwijzer.conversation import followups as fu
from huurwijzer.conversation.journey_offer import START_PAYLOAD
from huurwijzer.conversation.journey_words import is_bare_yes
from huurwijzer.conversation.repair_withdrawal import WITHDRAW_REPAIR, is_confirmation
from huurwijzer.conversation.reply import AnswerMetadata, fixed_reply
from huurwijzer.tenancy import verification as v

_MY_RENT = "/my_rent"


def _open_followup(svc: kernel.Services, turn: kernel.Turn) -> bool:
    with svc.unit() as session:
        verified = kernel.verified_tenant(svc, session, turn)
        return fu.open_followup(session, v.conversation_key(turn.sender_id), verified.tenant_id if verified else None,
                                svc.clock()) is not None


def _as(turn: kernel.Turn, intent: str) -> kernel.Turn:
    return replace(turn, intent=intent)


def followup_or_yes(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """The answer to a follow-up, unless it is a bare yes and no follow-up is open."""
    if turn.intent != followup_flows.PROBLEM_INTENT or not is_bare_yes(turn.text):
        return followup_flows.followup_answer(svc, content, turn)
    try:
        if _open_followup(svc, turn):
            return followup_flows.followup_answer(svc, content, turn)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)
    confirmation = next((p for p in turn.offered if is_confirmation(p)), None)
    if confirmation is not None:  # "Wilt u reparatieverzoek ... intrekken?" - "ja": its yes button
        return personal_questions.personal_request(svc, content, replace(turn, intent=WITHDRAW_REPAIR,
                                                                         text=confirmation))
    if turn.slots.get(followup_flows.ASKED):
        consent = followup_flows.consent_answer(svc, content, _as(turn, followup_flows.CONSENT_INTENT))
        return replace(consent, slots={**consent.slots, kernel.NEXT_STEP: None})  # the rule after this action
    journey_button = {START_PAYLOAD, "/onboarding_checklist"} & set(turn.offered)
    if turn.slots.get(journey_slots.ACTIVE) or turn.slots.get(journey_slots.OFFERED) or journey_button:
        # "Bent u nieuwe huurder? Kies dan hieronder." - "ja" got "Oké" (QA, session 19)
        return journey_steps.journey_step(svc, content, _as(turn, "start_onboarding"))
    if turn.offered == (_MY_RENT,):  # "Wilt u uw eigen huur zien? Kies dan Mijn huur." - "ja"
        return personal_questions.personal_request(svc, content, replace(turn, intent=_MY_RENT[1:]))
    return kernel.Step(fixed_reply(content, "deny", AnswerMetadata("chitchat", turn.confidence)),
                       slots={kernel.NEXT_STEP: None})
