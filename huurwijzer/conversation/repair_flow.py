"""Reporting a repair as a conversation: the repair form's answers (an emergency ends it at once,
a job that is the tenant's ends it with the honest answer) and what follows it: the emergency
instructions, "this one is yours", or the stored request with its reference number."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, Optional

from huurwijzer.content.knowledge import render
from huurwijzer.content.loader import Content
from huurwijzer.content.repair_analysis import analyse
from huurwijzer.content.repairs import RepairMatch
from huurwijzer.content.replies import Button
from huurwijzer.conversation.answering import object_name, repair_answer
from huurwijzer.conversation.followup_flows import found_at_handover
from huurwijzer.conversation.kernel import (
    NEXT_STEP,
    REPAIR_OUTCOME,
    REPAIR_SLOTS,
    START_REPAIR,
    Services,
    Step,
    Turn,
    Unavailable,
    intent_meta,
    paused,
    reset_repair,
    unavailable,
)
from huurwijzer.conversation.personal import repair_already_reported_reply, repair_created_reply, room_of
from huurwijzer.conversation.repair_details import (
    LOOSE_URGENCY,
    UNKNOWN_ROOM,
    corrects,
    describes_defect,
    details,
    dont_know,
    room,
    room_to_record,
    stops_report,
    urgency,
)
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.conversation.shared_names import MEDIA_KEY
from huurwijzer.tenancy import verification as v
from huurwijzer.tenancy.backoffice import NewRepairRequest
from huurwijzer.tenancy.repair_filing import file_repair_request

STOPPED = "gestopt"  # REPAIR_OUTCOME: the tenant stopped the report in the form; nothing is filed


def repair_input(svc: Services, content: Content, turn: Turn, slot: str, value: Any) -> Step:
    """One answer in the repair form. Emergencies end the form at once; a job for the tenant (or
    someone else) ends it with the honest answer instead of a request."""
    meta = intent_meta(START_REPAIR, turn.confidence)
    text = " ".join(str(value or "").split())
    finish = {s: turn.slots.get(s) or "-" for s in REPAIR_SLOTS}
    if not text and turn.metadata.get(MEDIA_KEY):  # a photo of the leak: we cannot see it; the question stays
        return Step(fixed_reply(content, "media_message", meta), slots={slot: None})
    today = svc.local_now().date()
    emergency = content.emergencies.detect(text, today)
    if emergency is not None:
        return Step(slots={**finish, REPAIR_OUTCOME: f"noodgeval:{emergency.kind}"})
    if stops_report(text):  # "kan ik mijn melding intrekken": no broken part, the report stops
        return Step(slots={**finish, REPAIR_OUTCOME: STOPPED})
    if dont_know(text):  # the form stays open and keeps the earlier answers
        return unsure(content, slot, meta)
    changed = _other_part(svc, content, turn, slot, text)
    if changed is not None:
        return changed
    if slot == "repair_object":
        obj = content.repairs.get(text)
        match = RepairMatch(obj, 1, False) if obj else content.repairs.match(text, part_first=True)
        if match is None:  # "kraan kapot": the washer or the whole tap, the tenant chooses
            asked = which_object(content, text, meta)
            if asked is None and _a_question_instead(slot, text, turn):  # "mijn reparaties", as at the room
                asked = fixed_reply(content, "repair_question_in_form", meta)
            if asked is None and turn.intent != START_REPAIR and _ASKING.match(text.lower()):
                # a request the classifier could not place or placed elsewhere ("kan ik eerst zien wanneer de monteur
                # komt") got "Dat onderdeel herken ik niet" (QA, session 19): the part asked again, and how to ask first
                asked = fixed_reply(content, "repair_object_unclear", meta)
            return Step(asked or fixed_reply(content, "repair_bad_object", meta), slots={slot: None})
        if match.object.party == "verhuurder" and not match.own_damage:
            return Step(slots={slot: match.object.id, **_also_said(content, turn, text)})
        if match.object.party == "huurder" and not match.own_damage:
            try:
                with svc.unit() as session:
                    # Reported in answer to a follow-up: there when the keys were handed over, so ours.
                    handover = found_at_handover(svc, session, turn)
                    verified = v.current(session, v.conversation_key(turn.sender_id), svc.clock())
                    subscription = (svc.backoffice.subscription(session, verified.contract_number)
                                    if verified and match.object.subscription else None)
            except Unavailable:  # the report pauses at this question
                return paused(content, meta, slot)
            if handover or (subscription is not None and subscription.active_on(today)):
                return Step(slots={slot: match.object.id, **_also_said(content, turn, text)})
        damage = ":eigen-schuld" if match.own_damage else ""
        return Step(slots={**finish, slot: match.object.id, REPAIR_OUTCOME: f"geen-verzoek{damage}"})
    if _a_question_instead(slot, text, turn):  # "wat kost dat?" is no room and no description
        return Step(fixed_reply(content, "repair_question_in_form", meta), slots={slot: None})
    if slot == "repair_location":
        if not 2 <= len(text) <= 80:
            return Step(fixed_reply(content, "repair_bad_location", meta), slots={slot: None})
        return Step(slots={slot: room_to_record(text)})
    if slot == "repair_description":
        if len(text) < 8 or len(text.split()) < 2:
            return Step(fixed_reply(content, "repair_bad_description", meta), slots={slot: None})
        return Step(slots={slot: text[:1000]})
    said = urgency(text, LOOSE_URGENCY)
    if said is None:
        return Step(fixed_reply(content, "repair_bad_urgency", meta), slots={slot: None})
    return Step(slots={slot: said})


def _other_part(svc: Services, content: Content, turn: Turn, slot: str, text: str) -> Optional[Step]:
    """"nee wacht, het is de douchekraan" after the part was given: the report starts again from that part,
    with what this message says about it (the answers given for the first part are cleared)."""
    if slot == "repair_object" or not corrects(text) or not turn.slots.get("repair_object"):
        return None
    match = content.repairs.match(text, part_first=True)
    if match is None or match.object.id == turn.slots.get("repair_object"):
        return _other_room(content, turn, slot, text)
    cleared = {s: None for s in REPAIR_SLOTS}
    again = repair_input(svc, content, replace(turn, slots={**turn.slots, **cleared}), "repair_object", text)
    reply = again.reply or fixed_reply(content, "repair_object_changed", intent_meta(START_REPAIR, turn.confidence),
                                       extra={"onderdeel": object_name(content, match.object)})
    return Step(reply, intro=again.intro, slots={**cleared, **again.slots})


def _other_room(content: Content, turn: Turn, slot: str, text: str) -> Optional[Step]:
    """"nee wacht, het is in de badkamer" after the room was given: the room changes and the question stays (QA,
    session 22: "Dat antwoord begrijp ik niet" at the urgency question, or taken for the description)."""
    place = room(text)
    if slot == "repair_location" or place is None or place == turn.slots.get("repair_location"):
        return None
    reply = fixed_reply(content, "repair_location_changed", intent_meta(START_REPAIR, turn.confidence),
                        extra={"ruimte": room_of(content, place)})
    return Step(reply, slots={"repair_location": place, slot: None})


MAX_CHOICES = 4


def which_object(content: Content, text: str, meta: AnswerMetadata) -> Optional[Reply]:
    """The objects of the table that fit an answer equally well (their parties differ), as buttons whose
    payload is the object's id (the form takes an id as it is); None when the table finds none. Before,
    "kraan kapot" or "wc kapot" got "Dat onderdeel herken ik niet" (QA, session 18)."""
    analysis = analyse(content.repairs, text)
    if analysis.object is None or not analysis.ambiguous:
        return None
    choices = (analysis.object, *analysis.alternatives)[:MAX_CHOICES]
    return fixed_reply(content, "repair_which_object", meta,
                       buttons=[Button(object_name(content, o), o.id) for o in choices])


# "Weet ik niet" as the answer to a repair question: a room nobody can name is recorded as unknown
# (repair_details.UNKNOWN_ROOM); the object, the defect and the urgency are asked again in other words.
_UNSURE_REPLIES = {"repair_object": "repair_unsure_object", "repair_location": "repair_unsure_location",
                   "repair_description": "repair_unsure_description", "repair_urgency": "repair_unsure_urgency"}


def unsure(content: Content, slot: str, meta: AnswerMetadata) -> Step:
    return Step(fixed_reply(content, _UNSURE_REPLIES[slot], meta),
                slots={slot: UNKNOWN_ROOM if slot == "repair_location" else None})


def _also_said(content: Content, turn: Turn, text: str) -> Dict[str, str]:
    """The room, the defect and how urgent, when the answer naming the object says them too
    ("de verwarming in de woonkamer doet het niet"): the form does not ask for them again."""
    said = details(text, content.repairs)
    found = {"repair_location": said.location, "repair_description": said.description,
             "repair_urgency": said.urgency}
    return {name: value for name, value in found.items() if value and not turn.slots.get(name)}


# Requests typed where the form asked for the room or the description ("mijn reparaties"): when
# the classifier is this sure and the text names no room or defect, it is not an answer. At the first
# question, where the table found no part in it, any request but a new report is not (QA, session 19).
_REQUESTS = frozenset({"my_rent", "my_home", "my_repairs", "my_subscription", "my_rewards", "verify_identity",
                       "start_onboarding", "onboarding_checklist", START_REPAIR})
_SURE_REQUEST = 0.9
# A message that starts as a request or a question, not as the name of a part.
_ASKING = re.compile(r"^\W*(ik wil|ik wou|ik zou|kan ik|mag ik|kunt u|kun je|hoe|wanneer|waarom|wat|wie|moet ik|"
                     r"i want|i'?d like|can i|could you|how|when|why|what|who)\b")
# A question announced without its question mark ("ik heb ook een vraag over mijn huur"): QA, session 22, it got
# "Dat antwoord begrijp ik niet" at the urgency question.
_ANNOUNCES_QUESTION = re.compile(r"\b(?:ik heb (?:ook |nog )?(?:een |nog een )?(?:andere )?vraag(?:je)?|"
                                 r"(?:ik wil|ik wou|mag ik|kan ik) (?:ook |nog |eerst )?(?:\w+ )?(?:iets|wat) vragen|"
                                 r"nog een vraag(?:je)?|i (?:also )?have (?:a|another|one more) question|"
                                 r"(?:one more|another) question|can i ask)\b", re.I)


def _a_question_instead(slot: str, text: str, turn: Turn) -> bool:
    """A question or a request typed where the form asked for the part (none found in it), the room, the
    description or the urgency, naming none. Before, the part's question said "Dat onderdeel herken ik niet"
    (qa10), and below 0.9 it still did ("ik wil mijn reparaties zien", 0.72), while the request was read as one
    at 0.9."""
    sure = turn.confidence >= _SURE_REQUEST or (slot == "repair_object" and turn.intent != START_REPAIR)
    asking = text.endswith("?") or bool(_ANNOUNCES_QUESTION.search(text))
    if not asking and not (turn.intent in _REQUESTS and sure):
        return False
    if slot == "repair_object":  # asked only when the table found no part in it
        return True
    if slot == "repair_urgency":  # "wanneer komt de monteur?" got "Dat antwoord begrijp ik niet" (QA, session 20)
        return urgency(text, LOOSE_URGENCY) is None
    if slot == "repair_location":
        return room(text) is None
    return slot == "repair_description" and not describes_defect(text)


def repair_result(svc: Services, content: Content, turn: Turn) -> Step:
    """After the repair form: the emergency instructions, the honest 'this is yours', or the
    stored request with its reference number."""
    meta = intent_meta(START_REPAIR, turn.confidence)
    outcome = str(turn.slots.get(REPAIR_OUTCOME) or "")
    object_id = str(turn.slots.get("repair_object") or "")
    reset = {**reset_repair(), NEXT_STEP: None}
    if outcome == STOPPED:
        return Step(fixed_reply(content, "repair_form_withdrawn", meta), slots=reset)
    if outcome.startswith("noodgeval:"):
        kind = outcome.split(":", 1)[1]
        item = next((e for e in content.emergencies.items if e.kind == kind), None)
        entry = content.knowledge.get(item.entry_id) if item else None
        parts = [reply_text(content, "repair_emergency_stop")]
        if entry is not None:
            parts.append(render(entry.answer, content.profile.variables))
        emergency_meta = AnswerMetadata("emergency_repair", turn.confidence, entry.id if entry else None)
        return Step(Reply("\n".join(parts), emergency_meta, "repair_emergency_stop"), slots=reset)
    obj = content.repairs.get(object_id)
    if outcome.startswith("geen-verzoek") and obj is not None:
        answer = repair_answer(content, RepairMatch(obj, 1, outcome.endswith("eigen-schuld")), turn.confidence)
        # "ik wil melden dat er schimmel in de badkamer zit": whose it is depends on the cause, so the way to report
        # it still (QA, session 19: only "no request" under "Weet u de oorzaak niet? Meld het ons.")
        depends = obj.party not in ("huurder", "verhuurder") and not outcome.endswith("eigen-schuld")
        name = "repair_no_request_depends" if depends else "repair_no_request"
        text = "\n".join((answer.text, reply_text(content, name)))
        return Step(Reply(text, answer.metadata, answer.reply_name, content.replies[name].buttons), slots=reset)
    try:
        with svc.unit() as session:
            verified = v.current(session, v.conversation_key(turn.sender_id), svc.clock())
            if verified is None or obj is None:
                return Step(fixed_reply(content, "session_expired", meta), slots=reset)
            urgent = turn.slots.get("repair_urgency") == "spoed"
            request = NewRepairRequest(obj.id, str(turn.slots.get("repair_location") or "-"),
                                       str(turn.slots.get("repair_description") or "-"),
                                       "spoed" if urgent else "normaal")
            # The same defect reported again (after an apology, or a worried tenant): the request made.
            filed = file_repair_request(svc.backoffice, session, verified.contract_number, request,
                                        svc.local_now())
    except Unavailable:
        return unavailable(content, START_REPAIR, turn.confidence)
    created_meta = AnswerMetadata("report_repair", turn.confidence, f"repair/{obj.id}", obj.party)
    if filed.already_reported:
        return Step(repair_already_reported_reply(content, filed.reference, filed.urgency_raised,
                                                         created_meta), slots=reset)
    return Step(repair_created_reply(content, filed.reference, urgent, created_meta), slots=reset)
