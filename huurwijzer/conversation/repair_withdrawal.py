"""Withdrawing a filed repair request ("ik wil mijn reparatieverzoek intrekken"), for a verified tenant:
their open requests as buttons when there are several, a confirmation, then the request marked withdrawn
in the back office (staff see the status `ingetrokken`) and what happens next. A request already planned
is not withdrawn here: the tenant hears that and how to cancel the appointment. Before the login the
general answer says how withdrawing works (personal_questions.personal_request).

The buttons carry the request's reference in their payload; it is read from the message text, so a
typed reference ("trek R-2026-000123 in") counts too, and only a request of the tenant's own contract
is ever touched (the back office checks the contract)."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from typing import Optional, Sequence

from sqlalchemy.orm import Session

from huurwijzer.content.dutch_format import format_date, format_moment
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.replies import Button
from huurwijzer.conversation.kernel import NEXT_STEP, Services, Step
from huurwijzer.conversation.personal import object_name_of, room_of
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.tenancy.backoffice import RepairRequest
from huurwijzer.tenancy.repair_writes import PLANNED, REPORTED, WITHDRAWN

WITHDRAW_REPAIR = "withdraw_repair"
# Entities of the buttons' payloads (bot/domain/personal.yml): which request, and that the tenant confirmed.
REFERENCE_ENTITY = "repair_reference"
CONFIRMED_ENTITY = "repair_confirmed"
OPEN = (REPORTED, PLANNED)
_REFERENCE = re.compile(r"\bR-\d{4}-\d{6}\b", re.I)


def payload(reference: str, confirmed: bool = False) -> str:
    entities = {REFERENCE_ENTITY: reference, **({CONFIRMED_ENTITY: "ja"} if confirmed else {})}
    return f"/{WITHDRAW_REPAIR}{json.dumps(entities, separators=(',', ':'))}"


def named_reference(text: str) -> Optional[str]:
    found = _REFERENCE.search(text)
    return found.group(0).upper() if found else None


def is_confirmation(text: str) -> bool:
    """The confirmation button's payload (a typed "ja" under it is read as that button: bare_yes)."""
    return text.startswith(f"/{WITHDRAW_REPAIR}") and f'"{CONFIRMED_ENTITY}"' in text


def _details(content: Content, request: RepairRequest, today: date) -> dict[str, str]:
    english = content.language == ENGLISH
    return {"referentie": request.reference, "onderdeel": object_name_of(content, request.object_id),
            "ruimte": room_of(content, request.location), "datum": format_date(request.created_at.date(), english),
            "afspraak": format_moment(request.appointment_at, today, english) if request.appointment_at else "-"}


def withdrawal_answer(svc: Services, session: Session, content: Content, contract_number: str, question: str,
                      meta: AnswerMetadata) -> Step:
    """The answer to a withdrawal for the verified tenant's contract: the choice, the confirmation
    question, the withdrawal itself, or why it cannot be withdrawn here."""
    today = svc.local_now().date()
    requests = svc.backoffice.repair_requests(session, contract_number)
    reference = named_reference(question)
    if reference is not None:
        chosen = next((r for r in requests if r.reference == reference), None)
        if chosen is None:
            return _step(fixed_reply(content, "repair_withdraw_unknown", meta, extra={"referentie": reference}))
        return _about(svc, session, content, contract_number, chosen, is_confirmation(question), today, meta)
    still_open = [r for r in requests if r.status in OPEN]
    if not still_open:
        return _step(fixed_reply(content, "repair_withdraw_none", meta))
    if len(still_open) == 1:
        return _about(svc, session, content, contract_number, still_open[0], False, today, meta)
    return _step(_choice(content, still_open, today, meta))


def _about(svc: Services, session: Session, content: Content, contract_number: str, request: RepairRequest,
           confirmed: bool, today: date, meta: AnswerMetadata) -> Step:
    extra = _details(content, request, today)
    if request.status == PLANNED:
        name = "repair_withdraw_planned" if request.appointment_at else "repair_withdraw_planned_no_date"
        return _step(fixed_reply(content, name, meta, extra=extra))
    if request.status not in (REPORTED, WITHDRAWN):  # carried out, or cancelled by the corporation
        return _step(fixed_reply(content, "repair_withdraw_closed", meta, extra=extra))
    if request.status == REPORTED and not confirmed:
        buttons = (Button(reply_text(content, "repair_withdraw_yes"), payload(request.reference, confirmed=True)),
                   Button(reply_text(content, "repair_withdraw_no"), "/deny"))
        return _step(fixed_reply(content, "repair_withdraw_confirm", meta, extra=extra, buttons=buttons))
    status = svc.backoffice.withdraw_repair_request(session, contract_number, request.reference)
    if status == WITHDRAWN:
        return _step(fixed_reply(content, "repair_withdrawn", meta, extra=extra))
    # Planned or closed in the meantime (the back office moved on between the question and the yes).
    return _about(svc, session, content, contract_number, _with_status(request, status), False, today, meta)


def _with_status(request: RepairRequest, status: Optional[str]) -> RepairRequest:
    return replace(request, status=status or "")


def _choice(content: Content, requests: Sequence[RepairRequest], today: date, meta: AnswerMetadata) -> Reply:
    buttons = tuple(Button(reply_text(content, "repair_withdraw_button", _details(content, r, today)),
                           payload(r.reference)) for r in requests)
    return fixed_reply(content, "repair_withdraw_choose", meta, buttons=buttons)


def _step(reply: Reply) -> Step:
    return Step(reply.as_personal(), slots={NEXT_STEP: None})
