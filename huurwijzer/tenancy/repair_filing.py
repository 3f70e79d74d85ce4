"""Filing a repair request once. A tenant who reports the same defect again shortly after (the
answer sent again after an apology, or a worried tenant a few minutes later) gets the reference of
the request already made, not a second request for the corporation's staff to cancel.

The request before an apology may have been stored: the tracker database can fail after the
tenancy database committed the request but before the turn was saved, and then the tenant never
saw the reference (tests/test_repeat_and_stall_faults.py).

A repeat that is more urgent than the request ("spoed" for a request filed as normal) raises the
request's urgency; a less urgent one never lowers it. Two conversations of one tenant filing at the
same moment make one request: the contract is locked before the check (`BackOffice.lock_contract`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from huurwijzer.tenancy.backoffice import BackOffice, NewRepairRequest, RepairRequest
from huurwijzer.tenancy.repair_writes import PLANNED, REPORTED

# The same request (tenant, object, room, description) within this time is the one already made.
REPEAT_WINDOW = timedelta(minutes=30)
# A request still to be carried out; one carried out, cancelled or withdrawn is not the one the tenant reports again.
OPEN_STATUSES = frozenset({REPORTED, PLANNED})


@dataclass(frozen=True)
class FiledRequest:
    reference: str
    already_reported: bool  # True: no new request was made, `reference` is the earlier one
    urgency_raised: bool = False  # the earlier request was made more urgent by this report


def _words(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


def same_request(existing: RepairRequest, new: NewRepairRequest) -> bool:
    """The same object, room and description (case, spaces and a closing full stop aside)."""
    return (existing.object_id == new.object_id and _words(existing.location) == _words(new.location)
            and _words(existing.description) == _words(new.description))


def file_repair_request(backoffice: BackOffice, session: Session, contract_number: str,
                        request: NewRepairRequest, now: datetime) -> FiledRequest:
    """The contract's open request for the same defect made in the last REPEAT_WINDOW, or a new
    one; in the caller's session (one transaction with the caller's other reads). The contract stays
    locked until the caller's transaction ends, so a second filing waits and then finds this one."""
    backoffice.lock_contract(session, contract_number)
    since = now - REPEAT_WINDOW
    for existing in backoffice.repair_requests(session, contract_number):
        if since <= existing.created_at <= now and existing.status in OPEN_STATUSES and same_request(existing, request):
            raised = backoffice.raise_urgency(session, existing.reference, request.urgency)
            return FiledRequest(existing.reference, already_reported=True, urgency_raised=raised)
    return FiledRequest(backoffice.create_repair_request(session, contract_number, request, now), False)
