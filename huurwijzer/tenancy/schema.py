"""Tables a corporation's system can feed. Money is Numeric(10, 2) (Decimal in Python);
arrears are computed from the ledger, never stored."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()
MONEY = Numeric(10, 2)

complexes = Table(
    "complexes", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(120), nullable=False),
    Column("caretaker_name", String(120)),
    Column("caretaker_phone", String(40)),
    Column("waste_days", Text),  # e.g. "restafval: dinsdag; gft: vrijdag (oneven weken)"
)

dwellings = Table(
    "dwellings", metadata,
    Column("id", Integer, primary_key=True),
    Column("complex_id", ForeignKey("complexes.id"), nullable=False),
    Column("street", String(120), nullable=False),
    Column("house_number", Integer, nullable=False),
    Column("addition", String(10)),
    Column("postcode", String(7), nullable=False),  # normalised "3811AB"
    Column("city", String(80), nullable=False),
    Column("dwelling_type", String(40), nullable=False),  # eengezinswoning, portiekflat, ...
    Column("heating", String(20), nullable=False),  # cv | blokverwarming | stadsverwarming
    Column("energy_label", String(4)),
)

tenants = Table(
    "tenants", metadata,
    Column("id", Integer, primary_key=True),
    Column("first_name", String(80), nullable=False),
    Column("last_name", String(120), nullable=False),
    Column("date_of_birth", Date, nullable=False),
    Column("phone", String(20)),  # E.164, e.g. +31612345678
    Column("email", String(200)),
)

household_members = Table(
    "household_members", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id"), nullable=False),
    Column("first_name", String(80), nullable=False),
    Column("relation", String(40), nullable=False),
    Column("date_of_birth", Date),
)

contracts = Table(
    "contracts", metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_number", String(20), nullable=False, unique=True),  # HC-123456
    Column("dwelling_id", ForeignKey("dwellings.id"), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("bare_rent", MONEY, nullable=False),
    Column("service_costs", MONEY, nullable=False),
    Column("payment_method", String(20), nullable=False),  # incasso | ideal | overboeking
    Column("due_day", Integer, nullable=False),
)

contract_tenants = Table(
    "contract_tenants", metadata,
    Column("contract_id", ForeignKey("contracts.id"), primary_key=True),
    Column("tenant_id", ForeignKey("tenants.id"), primary_key=True),
    Column("role", String(20), nullable=False),  # huurder | medehuurder
)

ledger_entries = Table(
    "ledger_entries", metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", ForeignKey("contracts.id"), nullable=False, index=True),
    Column("booked_on", Date, nullable=False),
    Column("kind", String(10), nullable=False),  # charge | payment
    Column("amount", MONEY, nullable=False),  # always positive; kind gives the direction
    Column("description", String(200), nullable=False),
)

repair_requests = Table(
    "repair_requests", metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(20), nullable=False, unique=True),  # R-2026-000123
    Column("contract_id", ForeignKey("contracts.id"), nullable=False, index=True),
    Column("object_id", String(60), nullable=False),  # id in knowledge/repairs.yml
    Column("location", String(80), nullable=False),
    Column("description", Text, nullable=False),
    Column("urgency", String(10), nullable=False),  # normaal | spoed
    Column("status", String(20), nullable=False),  # gemeld | ingepland | uitgevoerd | geannuleerd | ingetrokken
    Column("appointment_at", DateTime),
    Column("created_at", DateTime, nullable=False),
)

service_subscriptions = Table(
    "service_subscriptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", ForeignKey("contracts.id"), nullable=False, index=True),
    Column("started_on", Date, nullable=False),
    Column("ended_on", Date),
)

contact_preferences = Table(
    "contact_preferences", metadata,
    Column("tenant_id", ForeignKey("tenants.id"), primary_key=True),
    Column("channel", String(20), nullable=False),  # telefoon | e-mail | whatsapp | brief
    Column("preferred_times", String(80)),
    Column("language_help", Boolean, nullable=False, default=False),
    Column("wants_money_help", Boolean, nullable=False, default=False),
    Column("care_needs", Text),
)

# A payment arrangement for arrears (betalingsregeling), fed by the corporation's system.
payment_arrangements = Table(
    "payment_arrangements", metadata,
    Column("id", Integer, primary_key=True),
    Column("contract_id", ForeignKey("contracts.id"), nullable=False, index=True),
    Column("started_on", Date, nullable=False),
    Column("monthly_amount", MONEY, nullable=False),
    Column("status", String(20), nullable=False),  # lopend | nagekomen | verbroken
)

# --- The assistant's own state (not the corporation's data) -------------------------------------
# Keyed by a hash of the conversation id, so no phone number or sender id sits here in clear.
# Times here are naive UTC; times in the corporation's tables above are local (Europe/Amsterdam).

verified_sessions = Table(
    "verified_sessions", metadata,
    Column("conversation_key", String(64), primary_key=True),
    Column("tenant_id", Integer, nullable=False),  # the back office's id; no foreign key, it may be remote
    Column("contract_number", String(20), nullable=False),
    Column("method", String(20), nullable=False),  # gegevens | portaal | code
    Column("verified_at", DateTime, nullable=False),
    Column("last_active_at", DateTime, nullable=False),
)

# Answers given so far in a verification that is not finished; removed after each attempt.
pending_verifications = Table(
    "pending_verifications", metadata,
    Column("conversation_key", String(64), primary_key=True),
    Column("contract_number", String(20)),
    Column("postcode", String(7)),
    Column("date_of_birth", Date),
    Column("code_hash", String(64)),  # HMAC of the one-time code, never the code itself
    Column("code_tenant_id", Integer),
    Column("code_contract_number", String(20)),
    Column("code_expires_at", DateTime),
    Column("updated_at", DateTime, nullable=False),
)

# What the demo notifier "sends" (one-time codes); a real notifier posts to an SMS or WhatsApp API.
outbox_messages = Table(
    "outbox_messages", metadata,
    Column("id", Integer, primary_key=True),
    Column("channel", String(20), nullable=False),  # sms | whatsapp
    Column("recipient", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
)

# Onboarding journey: completed steps per owner ("huurder:<id>", or "gesprek:<hash>" before login).
onboarding_progress = Table(
    "onboarding_progress", metadata,
    Column("owner", String(60), primary_key=True),
    Column("step", String(40), primary_key=True),
    Column("completed_at", DateTime, nullable=False),
)

onboarding_feedback = Table(
    "onboarding_feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("owner", String(60), nullable=False),
    Column("score", Integer, nullable=False),  # rapportcijfer 1-10
    Column("comment", Text),
    Column("created_at", DateTime, nullable=False),
)

# Which conversations a tenant was logged in to, so an erasure request can find them
# (the conversation store itself holds no tenant ids).
tenant_conversations = Table(
    "tenant_conversations", metadata,
    Column("conversation_key", String(64), primary_key=True),
    Column("tenant_id", Integer, primary_key=True),
    Column("first_seen", DateTime, nullable=False),
)

# --- After the keys: follow-ups, maatwerk tasks, choices, repair feedback (huurwijzer.conversation.followups) ---------
# Consent to follow-up messages: when, and the exact wording the tenant said yes to.
followup_consents = Table(
    "followup_consents", metadata,
    Column("tenant_id", Integer, primary_key=True),
    Column("contract_number", String(20), nullable=False),
    Column("given_at", DateTime, nullable=False),
    Column("wording", Text, nullable=False),
    Column("stopped_at", DateTime),  # "stop": no more follow-ups at all
)

# One row per tenant and moment, inserted *before* sending: the unique key makes a second run, or
# a second server running at the same time, skip what was already (being) sent.
followup_deliveries = Table(
    "followup_deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", Integer, nullable=False),
    Column("moment", String(40), nullable=False),
    Column("status", String(20), nullable=False),  # bezig | verzonden | mislukt | overgeslagen
    Column("channel", String(20), nullable=False),  # whatsapp | sms | e-mail | portaal
    Column("conversation_key", String(64), index=True),  # where a WhatsApp answer arrives
    Column("claimed_at", DateTime, nullable=False),
    Column("sent_at", DateTime),
    Column("answer", String(20)),  # probleem | in_orde | stop
    Column("answered_at", DateTime),
    UniqueConstraint("tenant_id", "moment", name="uq_followup_deliveries_once"),
)

# Work for staff that follows from the tenant's maatwerk answers: call back about money (early
# help), care, a contact person, a later debit date. Channel and times are the tenant's choice.
tenant_tasks = Table(
    "tenant_tasks", metadata,
    Column("id", Integer, primary_key=True),
    Column("tenant_id", Integer, nullable=False, index=True),
    Column("kind", String(20), nullable=False),  # geldzaken | zorg | contactpersoon | later_incasso
    Column("team", String(80), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("channel", String(20)),
    Column("preferred_times", String(80)),
    Column("status", String(20), nullable=False),  # open | afgerond
    Column("created_at", DateTime, nullable=False),
    Column("done_at", DateTime),
)

# A completed repair (an event from the back office) and the tenant's 1-10 score for it. The
# question goes out with the follow-ups (moment "reparatie:<reference>" in followup_deliveries).
repair_feedback = Table(
    "repair_feedback", metadata,
    Column("id", Integer, primary_key=True),
    Column("reference", String(20), nullable=False, unique=True),
    Column("tenant_id", Integer, nullable=False, index=True),
    Column("object_id", String(60), nullable=False),
    Column("completed_at", DateTime, nullable=False),
    Column("asked_at", DateTime),
    Column("score", Integer),
    Column("comment", Text),
    Column("answered_at", DateTime),
)

# "U vroeg, wij deden": what changed because of feedback, published by staff in the console; each
# tenant who gave feedback hears the newest one once.
feedback_notes = Table(
    "feedback_notes", metadata,
    Column("id", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("author", String(80), nullable=False),
    Column("published_at", DateTime, nullable=False),
)

feedback_note_mentions = Table(
    "feedback_note_mentions", metadata,
    Column("tenant_id", Integer, primary_key=True),
    Column("note_id", Integer, primary_key=True),
    Column("mentioned_at", DateTime, nullable=False),
)

# Choices at the start the profile offers (we paint / paint vouchers, keep or remove thresholds).
tenant_choices = Table(
    "tenant_choices", metadata,
    Column("tenant_id", Integer, primary_key=True),
    Column("choice", String(40), primary_key=True),
    Column("option", String(40), nullable=False),
    Column("chosen_at", DateTime, nullable=False),
)

AFTERCARE_TABLES = (tenant_choices, followup_consents, followup_deliveries, tenant_tasks, repair_feedback,
                    feedback_notes, feedback_note_mentions)

STATE_TABLES = (verified_sessions, pending_verifications, outbox_messages, onboarding_progress, onboarding_feedback,
                tenant_conversations,
                *AFTERCARE_TABLES)
