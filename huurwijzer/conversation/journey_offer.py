"""The onboarding journey offered to a new tenant (once per conversation, after logging in or
saying hello), and the way back into the journey after a question in between."""

from __future__ import annotations

from typing import Any, List, Optional

from sqlalchemy.orm import Session

from huurwijzer.content.loader import Content
from huurwijzer.conversation import kernel
from huurwijzer.conversation import onboarding as ob
from huurwijzer.conversation.journey_slots import ACTIVE, DECLINED, OFFERED, meta
from huurwijzer.conversation.reply import Reply, fixed_reply, reply_text
from huurwijzer.tenancy import verification as v


def offer(svc: kernel.Services, session: Session, content: Content, verified: v.Verified,
          turn: kernel.Turn) -> Optional[Reply]:
    """The journey, offered once per conversation to a new tenant who has not finished it."""
    if turn.slots.get(OFFERED) or turn.slots.get(ACTIVE) or turn.slots.get(DECLINED):
        return None
    contract = svc.backoffice.contract(session, verified.contract_number)
    if contract is None or not ob.is_new_tenant(contract.start_date, svc.local_now().date()):
        return None
    owner = ob.owner_for(verified.tenant_id, v.conversation_key(turn.sender_id))
    done = ob.completed(session, owner)
    step = ob.next_open(content.onboarding, done)
    if step is None:
        return None
    tenant = svc.backoffice.tenant(session, verified.tenant_id)
    extra = {"voornaam": tenant.first_name if tenant else "", "aantal": str(len(content.onboarding)),
             "stap": str([s.id for s in content.onboarding].index(step.id) + 1)}
    # a tenant who already began hears "welkom terug" and where they were, not "the first steps"
    name = "onboarding_offer_resume" if done else "onboarding_offer"
    return fixed_reply(content, name, meta(turn.confidence), extra=extra).as_personal()


def with_offer(reply: Reply, extra: Optional[Reply]) -> Reply:
    """`reply` followed by the offer text and buttons (the reply's metadata stays)."""
    if extra is None:
        return reply
    return Reply("\n\n".join((reply.text, extra.text)), reply.metadata, reply.reply_name,
                 reply.buttons + extra.buttons, reply.personal or extra.personal)


START_PAYLOAD = "/start_onboarding"  # the button that starts the journey, or goes on with it
# The buttons that show the journey: its offer and the way back ("Ja, graag", "Ga verder"), "Verder" under a step.
NEXT_PAYLOAD = "/onboarding_next"  # the "Verder" button under a step (knowledge/replies.yml onboarding_continue)
JOURNEY_PAYLOADS = frozenset({START_PAYLOAD, NEXT_PAYLOAD})


def offers_journey(reply: Reply) -> bool:
    return any(b.payload == START_PAYLOAD for b in reply.buttons)


def with_resume(content: Content, reply: Reply, active: bool) -> Reply:
    """After a question in the middle of the journey: the way back into it."""
    if not active or offers_journey(reply):
        return reply
    return Reply("\n\n".join((reply.text, reply_text(content, "onboarding_resume"))), reply.metadata,
                 reply.reply_name, reply.buttons + content.replies["onboarding_resume"].buttons, reply.personal)


def greeting_offer(svc: kernel.Services, content: Content, turn: kernel.Turn) -> Optional[Reply]:
    """A verified new tenant who says hello is offered the journey."""
    try:
        with svc.unit() as session:
            verified = kernel.verified_tenant(svc, session, turn)
            return offer(svc, session, content, verified, turn) if verified else None
    except kernel.Unavailable:
        return None


def offer_slots(extra: Optional[Reply]) -> List[tuple[str, Any]]:
    return [(OFFERED, True)] if extra is not None else []
