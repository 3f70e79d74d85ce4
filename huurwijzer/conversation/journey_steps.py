"""The onboarding journey's steps: which step to show (with the tenant's own home and rent in the
home step), "verder" and "later verder", the way on after logging in, and the checklist. One
function per action call, one database session each (see huurwijzer.conversation.kernel)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Dict, Optional

from sqlalchemy.orm import Session

from huurwijzer.content import onboarding_steps
from huurwijzer.content.dutch_format import format_date
from huurwijzer.content.knowledge import render
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.conversation import in_context, journey_slots, kernel
from huurwijzer.conversation import journey_words as words
from huurwijzer.conversation import onboarding as ob
from huurwijzer.conversation.answering import object_name
from huurwijzer.conversation.journey_offer import NEXT_PAYLOAD
from huurwijzer.conversation.journey_slots import ACTIVE, meta, paused
from huurwijzer.conversation.kernel import FEEDBACK_SLOTS
from huurwijzer.conversation.personal import home_reply, rent_reply
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.shared_names import FEEDBACK_FORM, ONBOARDING_FORM, PREFERENCE_SLOTS
from huurwijzer.conversation.turn_outcome import FALLBACK_SLOT, TurnOutcome
from huurwijzer.tenancy import verification as v

# Small jobs for the tenant named in the expectations step, from the responsibility table.
SMALL_JOB_EXAMPLES = 4
GO_ON = "action_onboarding"  # the action that shows the journey's next step (journey_step)


def _variables(content: Content) -> Dict[str, str]:
    small = [object_name(content, o) for o in content.repairs.objects if o.party == "huurder" and o.subscription]
    return {**content.profile.variables, "voorbeelden_klein": ", ".join(small[:SMALL_JOB_EXAMPLES])}


def _title(content: Content, step: onboarding_steps.Step) -> str:
    return step.title_en if content.language == ENGLISH and step.title_en else step.title


def _text(content: Content, step: onboarding_steps.Step) -> str:
    return step.text_en if content.language == ENGLISH and step.text_en else step.text


def owner(session: Session, svc: kernel.Services, turn: kernel.Turn) -> tuple[str, Optional[v.Verified]]:
    """Whose progress this is: the verified tenant's (taking over what was done before logging in),
    else this conversation's."""
    key = v.conversation_key(turn.sender_id)
    verified = kernel.verified_tenant(svc, session, turn)
    anonymous = ob.owner_for(None, key)
    if verified is None:
        return anonymous, None
    tenant = ob.owner_for(verified.tenant_id, key)
    ob.adopt(session, anonymous, tenant)
    return tenant, verified


def show(svc: kernel.Services, session: Session, content: Content, turn: kernel.Turn, owner: str,
         verified: Optional[v.Verified]) -> kernel.Step:
    """The first step not done yet, with what it needs next."""
    steps, done = content.onboarding, ob.completed(session, owner)
    step = ob.next_open(steps, done)
    info = meta(turn.confidence)
    if step is None:
        return kernel.Step(fixed_reply(content, "onboarding_complete", info), slots={ACTIVE: False, "next_step": None})
    number = [s.id for s in steps].index(step.id) + 1
    header = reply_text(content, "onboarding_step_header",
                        {"stap": str(number), "aantal": str(len(steps)), "titel": _title(content, step)})
    parts = [f"**{header}**", render(_text(content, step), _variables(content))]
    slots: Dict[str, Any] = {ACTIVE: True, "next_step": None}
    needs_login = step.id in (onboarding_steps.HOME_STEP, onboarding_steps.PREFERENCES_STEP) and verified is None
    personal = False
    if step.id == onboarding_steps.HOME_STEP and verified is not None:
        contract = svc.backoffice.contract(session, verified.contract_number)
        status = svc.backoffice.rent_status(session, verified.contract_number, svc.local_now().date())
        if contract is not None and status is not None:
            arrangement = svc.backoffice.payment_arrangement(session, verified.contract_number)
            own = (home_reply(content, contract, info), rent_reply(content, contract, status, info, arrangement))
            parts += [reply.text for reply in own]
            personal = any(reply.personal for reply in own)
        if content.choices:  # choices at the start the corporation offers (huurwijzer.conversation.choices)
            parts.append(reply_text(content, "move_in_choices_offer"))
    if step.id == onboarding_steps.SUBSCRIPTION_STEP and verified is not None:
        # QA, session 22: a tenant who already had it was asked to take it out
        had = svc.backoffice.subscription(session, verified.contract_number)
        if had is not None and had.active_on(svc.local_now().date()):
            started = format_date(had.started_on, english=content.language == ENGLISH)
            parts[1], personal = reply_text(content, "subscription_active", {"startdatum": started}), True
    if step.id == onboarding_steps.PREFERENCES_STEP and verified is not None:
        slots.update({s: None for s in PREFERENCE_SLOTS}, next_step=ONBOARDING_FORM)
        return kernel.Step(intro=("\n\n".join(parts),), slots=slots)
    if step.id == onboarding_steps.FEEDBACK_STEP:
        slots.update({s: None for s in FEEDBACK_SLOTS}, next_step=FEEDBACK_FORM)
        return kernel.Step(intro=("\n\n".join(parts),), slots=slots)
    follow = "onboarding_login" if needs_login else "onboarding_continue"
    if verified is None and not done:  # maybe begun on another device: their own step comes after logging in
        parts.insert(0, reply_text(content, "onboarding_begun_elsewhere"))
        follow = "onboarding_continue_or_login"
    parts.append(reply_text(content, follow))
    return kernel.Step(Reply("\n\n".join(parts), info, follow, content.replies[follow].buttons, personal),
                      slots=slots)


def journey_step(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    """'ik ben nieuwe huurder' (show the open step), 'verder' (this step is done, show the next),
    'later verder' (pause)."""
    info = meta(turn.confidence)
    intent = "onboarding_next" if skips_step(turn) or _yes_to_done(turn) else turn.intent
    if intent == "onboarding_stop":
        return kernel.Step(fixed_reply(content, "onboarding_paused", info), slots=paused())
    if intent == "onboarding_next" and not turn.slots.get(ACTIVE):
        if not words.names_journey(turn.text):
            # "verder" outside the journey may be "fijne avond verder": ask rather than skip a step.
            return kernel.Step(fixed_reply(content, "onboarding_confirm", info), slots={"next_step": None})
        intent = "start_onboarding"  # "ik wil verder met de stappen": the open step, as "Ja, verder" (qa10)
    try:
        with svc.unit() as session:
            whose, verified = owner(session, svc, turn)
            if words.goes_back(turn.text):  # the step before the open one is open again
                done = ob.completed(session, whose)
                current = ob.next_open(content.onboarding, done)
                before = [s.id for s in content.onboarding[:content.onboarding.index(current) if current else None]]
                if before and before[-1] in done:
                    ob.reopen(session, whose, before[-1])
            elif intent == "onboarding_next":
                current = ob.next_open(content.onboarding, ob.completed(session, whose))
                if current is not None:
                    ob.complete(session, whose, current.id, svc.clock())
            return show(svc, session, content, turn, whose, verified)
    except kernel.Unavailable:
        return kernel.unavailable(content, "start_onboarding", turn.confidence)


def continue_after_login(svc: kernel.Services, session: Session, content: Content, turn: kernel.Turn) -> kernel.Step:
    whose, verified = owner(session, svc, turn)
    return show(svc, session, content, turn, whose, verified)


def new_tenant_asks(turn: kernel.Turn) -> bool:
    """"hoi ik ben nieuwe huurder, wat moet ik doen" outside the journey: the journey is the answer. Read as the
    checklist, the greeting and the introduction were set aside and "wat moet ik doen" got "Waar gaat uw vraag
    over?" (QA, session 19)."""
    return not turn.slots.get(ACTIVE) and words.new_tenant(turn.text) and \
        in_context.asks_what_now(words.without_new_tenant(turn.text))


def checklist(svc: kernel.Services, content: Content, turn: kernel.Turn) -> kernel.Step:
    if new_tenant_asks(turn):
        return journey_step(svc, content, replace(turn, intent="start_onboarding"))
    # "wat moet ik doen" outside the journey is about the previous answer, or it asks what it is about
    read = in_context.for_turn(content, turn)
    if read is not None:
        return kernel.Step(read)
    info = meta(turn.confidence)
    try:
        with svc.unit() as session:
            whose, _ = owner(session, svc, turn)
            done = set(ob.completed(session, whose))
    except kernel.Unavailable:
        return kernel.unavailable(content, "onboarding_checklist", turn.confidence)
    lines = [reply_text(content, "onboarding_checklist_done" if s.id in done else "onboarding_checklist_open",
                        {"titel": _title(content, s)}) for s in content.onboarding]
    extra = {"klaar": str(sum(1 for s in content.onboarding if s.id in done)),
             "aantal": str(len(content.onboarding)), "stappen": "\n".join(lines)}
    reply = fixed_reply(content, "onboarding_checklist", info, extra=extra)
    if done >= {s.id for s in content.onboarding}:  # nothing left to continue with
        return kernel.Step(Reply(reply.text, info, reply.reply_name), slots={ACTIVE: False})
    # The list only informs: it does not start (or restart) the journey. Its button does; otherwise
    # every later answer would end with "Zullen we verdergaan met de kennismaking?" for a tenant who
    # only asked "wat moet ik doen?" (QA, session 15).
    return kernel.Step(reply)


def is_open(turn: kernel.Turn) -> bool:
    """The journey is going on, or was offered and not declined: a "ja" or "nee" may be about it."""
    return journey_slots.is_open(turn.slots)


def _under_next(turn: kernel.Turn) -> bool:
    return bool(turn.slots.get(ACTIVE)) and NEXT_PAYLOAD in turn.offered


def _yes_to_done(turn: kernel.Turn) -> bool:
    # "ja" to "Klaar met deze stap? Kies Verder" is "Verder" (it showed the same step again, and again).
    # After "Zullen we verdergaan?" (its button starts the journey) a yes shows the open step.
    return _under_next(turn) and (words.is_bare_yes(turn.text) or words.acknowledges(turn.text)
                                  or words.goes_on(turn.text))


def acknowledges_step(turn: kernel.Turn) -> bool:
    """"ok" or "👍" under a step's "Verder" button (read as small talk or thanks): "Verder" (action_onboarding)."""
    return _under_next(turn) and words.acknowledges(turn.text)


def way_back(content: Content, turn: kernel.Turn) -> Optional[WayOn]:
    """"terug" and nothing more, which the classifier reads as asking for a person (QA, session 16): in the
    journey the step before (action_onboarding reopens it, journey_step); outside it, where to go back to
    (the start, with a person one button away). None for any other message."""
    if not words.goes_back(turn.text):
        return None
    if turn.slots.get(ACTIVE):
        return WayOn(then=GO_ON)
    return WayOn(kernel.Step(fixed_reply(content, "back_to_start", AnswerMetadata("chitchat", turn.confidence))))


def skips_step(turn: kernel.Turn) -> bool:
    """"overslaan" typed during the journey (the classifier has no intent for it): the next step."""
    return bool(turn.slots.get(ACTIVE)) and turn.intent not in ("onboarding_stop", "onboarding_next") \
        and words.skips_step(turn.text)


def not_understood(content: Content, turn: kernel.Turn) -> Optional[kernel.Step]:
    """A message the classifier could not place (or read as 'no') while the journey is open:
    "stop" or "nee" pauses it and closes the offer, "ik snap het niet" during a step explains how
    the journey goes. None when the message is not about the journey."""
    if not is_open(turn):
        return None
    info = meta(turn.confidence)
    if turn.slots.get(ACTIVE) and words.unclear(turn.text):
        return kernel.Step(fixed_reply(content, "onboarding_help", info))
    if words.stops(turn.text) or words.says_no(turn.text):
        return kernel.Step(fixed_reply(content, "onboarding_paused", info), slots=paused())
    return None


@dataclass(frozen=True)
class WayOn:
    """What the fallback does with a message about the open journey: say `step` (its reply and
    slots), then run the action named `then` when there is one."""

    step: kernel.Step = field(default_factory=kernel.Step)
    then: Optional[str] = None

    def outcome(self) -> TurnOutcome:
        """As the answering action's outcome: no fallback counted, the step's slots, then `then`."""
        return TurnOutcome(self.step.reply, {FALLBACK_SLOT: False, **self.step.slots}, self.then)


def way_on(content: Content, turn: kernel.Turn) -> Optional[WayOn]:
    """The journey's way on from a message the classifier could not place (action_fallback): a bare
    "ja, graag" to the offer or the way back, "ik wil verder", or "overslaan" typed, goes on with the journey; "stop",
    "nee" or "ik snap het niet" gets the journey's own reply (not_understood). None when the message
    is not about the journey (the fallback answers it)."""
    if is_open(turn) and (words.is_bare_yes(turn.text) or skips_step(turn)) or \
            (turn.slots.get(ACTIVE) and words.goes_back(turn.text)):
        return WayOn(then=GO_ON)
    if words.new_tenant(turn.text):  # "hoi ik ben nieuwe huurder, wat moet ik doen": the journey is for them
        return WayOn(then=GO_ON)
    if words.goes_on(turn.text):  # "ik wil verder": after a pause too; with no journey in sight, ask
        if is_open(turn) or turn.slots.get(journey_slots.DECLINED):
            return WayOn(then=GO_ON)
        return WayOn(kernel.Step(fixed_reply(content, "onboarding_confirm", meta(turn.confidence))))
    step = not_understood(content, turn)
    if step is None or step.reply is None:
        return None
    return WayOn(step)
