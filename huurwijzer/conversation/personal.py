"""Personal answers for a verified tenant, built from back-office dataclasses. Pure functions:
the caller fetches the data; every Dutch word comes from knowledge/replies.yml (English ones, and
English dates, in an English conversation: knowledge/languages.yml)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Callable, Optional, Sequence

from huurwijzer.content.dutch_format import format_date, format_moment, format_money
from huurwijzer.content.language import ENGLISH
from huurwijzer.content.loader import Content
from huurwijzer.content.profile import Rewards
from huurwijzer.content.repairs import RepairMatch
from huurwijzer.conversation.answering import object_name, object_texts
from huurwijzer.conversation.repair_details import room_in_english
from huurwijzer.conversation.reply import AnswerMetadata, Reply, fixed_reply, reply_text
from huurwijzer.tenancy.backoffice import (
    Contract,
    PaymentArrangement,
    RentStatus,
    RepairRequest,
    Subscription,
    Tenant,
)
from huurwijzer.tenancy.repair_writes import CANCELLED, DONE, PLANNED, REPORTED, WITHDRAWN

PAYMENT_METHOD_REPLIES = {"incasso": "betaalwijze_incasso", "ideal": "betaalwijze_ideal",
                          "overboeking": "betaalwijze_overboeking"}
HEATING_REPLIES = {"cv": "verwarming_cv", "blokverwarming": "verwarming_blokverwarming",
                   "stadsverwarming": "verwarming_stadsverwarming"}
REPAIR_STATUS_REPLIES = {REPORTED: "repair_status_gemeld", PLANNED: "repair_status_ingepland",
                         DONE: "repair_status_uitgevoerd", CANCELLED: "repair_status_geannuleerd",
                         WITHDRAWN: "repair_status_ingetrokken"}
# Planned, but the appointment's day has passed and the back office has not marked it done.
APPOINTMENT_PASSED = "repair_status_afspraak_geweest"
# Shown when the back office leaves a field empty.
UNKNOWN = "-"


def _date(content: Content, value: date) -> str:
    return format_date(value, english=content.language == ENGLISH)

# The reply name of a rent answer that tells arrears (with or without a running arrangement).
ARREARS_REPLY = "rent_arrears"


def _named(content: Content, replies: dict[str, str], value: str) -> str:
    name = replies.get(value)
    return reply_text(content, name) if name else value


def rent_reply(content: Content, contract: Contract, status: RentStatus, metadata: AnswerMetadata,
               arrangement: Optional[PaymentArrangement] = None, overview: bool = True) -> Reply:
    """The rent and how it is paid (without `overview`: left out, for a question about arrears only); arrears
    with what to do about them, or with the payment arrangement already running (then the tenant is not told
    to make one)."""
    parts = [] if not overview else [reply_text(content, "rent_overview", {
        "kale_huur": format_money(contract.bare_rent),
        "servicekosten": format_money(contract.service_costs),
        "totale_huur": format_money(contract.total_rent),
        "betaalwijze": _named(content, PAYMENT_METHOD_REPLIES, contract.payment_method),
        "vervaldag": str(contract.due_day),
    })]
    if status.arrears > 0 and arrangement is not None and arrangement.running:
        parts.append(reply_text(content, "rent_arrears_arrangement", {
            "achterstand": format_money(status.arrears), "regeling_bedrag": format_money(arrangement.monthly_amount),
            "regeling_start": _date(content, arrangement.started_on)}))
    elif status.arrears > 0:
        parts.append(reply_text(content, ARREARS_REPLY, {"achterstand": format_money(status.arrears)}))
    elif status.last_payment_on:
        parts.append(reply_text(content, "rent_paid_up", {"laatste_betaling": _date(content, status.last_payment_on)}))
    else:
        parts.append(reply_text(content, "rent_paid_up_no_payment"))
    return Reply("\n\n".join(parts), metadata, ARREARS_REPLY if status.arrears > 0 else "rent_overview",
                 personal=True)


def home_reply(content: Content, contract: Contract, metadata: AnswerMetadata) -> Reply:
    return fixed_reply(content, "home_overview", metadata, extra={
        "adres": contract.address,
        "woningtype": contract.dwelling_type,
        "energielabel": contract.energy_label or UNKNOWN,
        "contractnummer": contract.contract_number,
        "startdatum": _date(content, contract.start_date),
        "verwarming": _named(content, HEATING_REPLIES, contract.heating),
        "complex": contract.complex_name,
        "huismeester": contract.caretaker_name or UNKNOWN,
        "huismeester_telefoon": contract.caretaker_phone or UNKNOWN,
        "afvaldagen": contract.waste_days or UNKNOWN,
    }).as_personal()


def object_name_of(content: Content, object_id: str) -> str:
    obj = content.repairs.get(object_id)
    return object_name(content, obj) if obj else object_id


def room_of(content: Content, location: str) -> str:
    """The room a request records, in English in an English conversation: the repair form's English
    room buttons name their Dutch answer, the repair table's rooms the others."""
    if content.language != ENGLISH:
        return location
    titles = {b.payload: b.title for b in content.replies["repair_ask_location"].buttons}
    return titles[location].lower() if location in titles else room_in_english(location)


def repairs_reply(content: Content, requests: Sequence[RepairRequest], today: date,
                  metadata: AnswerMetadata) -> Reply:
    if not requests:
        return fixed_reply(content, "repairs_none", metadata).as_personal()  # about their requests too
    lines = []
    for request in requests:
        extra = {"afspraak": format_moment(request.appointment_at, today, english=content.language == ENGLISH)
                 if request.appointment_at else UNKNOWN}
        status_reply = REPAIR_STATUS_REPLIES.get(request.status)
        if request.status == PLANNED and request.appointment_at and request.appointment_at.date() < today:
            status_reply = APPOINTMENT_PASSED
        status = reply_text(content, status_reply, extra) if status_reply else request.status
        lines.append(reply_text(content, "repairs_line", {
            "referentie": request.reference, "onderdeel": object_name_of(content, request.object_id),
            "ruimte": room_of(content, request.location), "datum": _date(content, request.created_at.date()),
            "status": status}))
    return fixed_reply(content, "repairs_list", metadata, extra={"verzoeken": "\n".join(lines)}).as_personal()


def subscription_reply(content: Content, subscription: Optional[Subscription], today: date,
                       asked_about: Optional[RepairMatch], metadata: AnswerMetadata) -> Reply:
    active = subscription is not None and subscription.active_on(today)
    if active and subscription is not None:
        parts = [reply_text(content, "subscription_active", {"startdatum": _date(content, subscription.started_on)})]
    else:
        parts = [reply_text(content, "subscription_none")]
    if asked_about is not None:
        obj = asked_about.object
        texts = object_texts(content, obj)
        extra = {**texts, "onderdeel": texts["onderdeel"][:1].upper() + texts["onderdeel"][1:]}
        if obj.party == "verhuurder":
            parts.insert(0, reply_text(content, "subscription_not_needed", extra))
        elif obj.party != "huurder":
            parts.insert(0, reply_text(content, "subscription_other_party", extra))
        elif obj.subscription and not asked_about.own_damage:
            if active:
                parts = [reply_text(content, "subscription_covers", texts)]
            else:  # it would be covered: say so, and that without it the tenant pays
                parts.insert(0, reply_text(content, "subscription_would_cover", extra))
        else:
            parts.insert(0, reply_text(content, "subscription_not_covered", extra))
        metadata = AnswerMetadata(metadata.topic, metadata.confidence, f"repair/{obj.id}", asked_about.party)
    return Reply("\n\n".join(parts), metadata, personal=True)


def verified_greeting(content: Content, tenant: Optional[Tenant], metadata: AnswerMetadata) -> Reply:
    return fixed_reply(content, "verify_ok", metadata,
                       extra={"voornaam": tenant.first_name if tenant else ""}).as_personal()


def repair_created_reply(content: Content, reference: str, urgent: bool, metadata: AnswerMetadata) -> Reply:
    name = "repair_created_urgent" if urgent else "repair_created"
    return fixed_reply(content, name, metadata, extra={"referentie": reference}).as_personal()


def repair_already_reported_reply(content: Content, reference: str, raised: bool, metadata: AnswerMetadata) -> Reply:
    """The same defect reported again shortly after: no second request, the first one's reference
    (and, when this report made it more urgent, that it is now urgent)."""
    name = "repair_already_reported_urgent" if raised else "repair_already_reported"
    return fixed_reply(content, name, metadata, extra={"referentie": reference}).as_personal()


def months_between(start: date, end: date) -> int:
    return max((end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0), 0)


def months_without_arrears(status_on: Callable[[date], Optional[RentStatus]], today: date, limit: int) -> int:
    """Consecutive months, counted back from today, that ended without arrears (checked at each
    month end), up to `limit`."""
    count, day = 0, today
    while count < limit:
        status = status_on(day)
        if status is None or status.arrears > 0:
            break
        count += 1
        day = day.replace(day=1) - timedelta(days=1)  # the end of the month before
    return count


def rewards_reply(content: Content, rewards: Optional[Rewards], contract: Contract, clean_months: int,
                  today: date, metadata: AnswerMetadata, arrangement_kept: bool = False) -> Reply:
    """Member or not yet. A tenant who keeps to a payment arrangement counts as paying on time
    (when the profile says so). The 'not yet' text gives the rules, never the tenant's arrears."""
    if rewards is None:
        return fixed_reply(content, "rewards_off", metadata)
    tenant_months = months_between(contract.start_date, today)
    benefits = rewards.shown_benefits(content.language == ENGLISH)
    extra = {"programma": rewards.name, "voordelen": "\n".join(f"- {b}" for b in benefits),
             "huurder_maanden": str(rewards.min_months_tenant),
             "achterstand_maanden": str(rewards.months_without_arrears)}
    pays = clean_months >= rewards.months_without_arrears or (rewards.arrangement_counts and arrangement_kept)
    member = tenant_months >= rewards.min_months_tenant and pays
    reply = fixed_reply(content, "rewards_member" if member else "rewards_not_yet", metadata, extra=extra).as_personal()
    if member or not rewards.arrangement_counts:
        return reply
    return Reply("\n".join((reply.text, reply_text(content, "rewards_arrangement_counts"))), metadata,
                 reply.reply_name, reply.buttons, personal=True)
