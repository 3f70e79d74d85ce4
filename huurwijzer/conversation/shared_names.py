"""Names the two processes share, defined once: the Rasa server (bot/: channels, tracker store,
log masking) and the action server (actions/) both import them from here, and so does the staff
console. A name is added here when a second process needs it, never copied
(tests/test_shared_names.py checks that no module spells one of these values itself).

Intents, slots, responses and actions are shared through YAML instead; tests/test_names_contract.py
checks those.
"""

from __future__ import annotations

# Message and session metadata set by a channel (bot/channels) and read by the action server.
# website chat: the tenant portal's signed token (huurwijzer.conversation.kernel.verified_tenant checks it)
PORTAL_TOKEN_KEY = "portal_token"
PHONE_KEY = "whatsapp_phone"  # WhatsApp and Twilio: the sender's number, with its proof
PHONE_PROOF_KEY = "whatsapp_phone_proof"  # huurwijzer.conversation.channel_trust.phone_proof
# WhatsApp and Twilio: what a message without text was (image, audio, ...): the reply says what we cannot read.
MEDIA_KEY = "huurwijzer_media"
# Key of the parse result (bot.nlu.gate writes it, the action server reads it) with the id of the subject staff
# listed as not ours (knowledge/niet-van-ons/) that an out-of-scope message names; absent when it names none.
NOT_OURS_SUBJECT_KEY = "not_ours_subject"
# Metadata the conversation store never keeps in clear (bot/event_redaction.py).
SECRET_METADATA = frozenset({PORTAL_TOKEN_KEY, PHONE_KEY, PHONE_PROOF_KEY})

# Set on every bot message that carries the tenant's own data (rent, address, name, ...), by the
# code that renders it (huurwijzer.conversation.reply.Reply.personal, PersonalText). The tracker store keeps
# only that such a message was sent, the logs leave its text out and the web chat does not keep it.
PERSONAL_KEY = "huurwijzer_personal"
# What storage and logs show instead of a message marked with PERSONAL_KEY.
PERSONAL_PLACEHOLDER = "[persoonlijk antwoord weggelaten]"
# Set on a question whose answer is personal (the verification questions): the web chat does not
# keep the answer the tenant types.
SECRET_ANSWER_KEY = "huurwijzer_secret_answer"
# Set on an answer a form's check gave instead of taking a form answer (a problem answered during the login): its
# metadata payload, which the form's next question then carries as the turn's (the thumbs and the dashboard see it).
ANSWERED_KEY = "huurwijzer_answered"
# What the conversation store keeps of an answer to a verification question: the only case where a
# whole message is hidden, and no question to learn from.
REDACTED = "[weggelaten]"

# The forms (bot/domain) the action server validates and whose answers the tracker store hides.
VERIFICATION_FORM = "verification_form"
REPAIR_FORM = "repair_form"
ONBOARDING_FORM = "onboarding_form"
FEEDBACK_FORM = "feedback_form"
SECRET_FORMS = frozenset({VERIFICATION_FORM, ONBOARDING_FORM})
# Rasa's slot naming the question a form is asking (rasa_sdk.forms.REQUESTED_SLOT): the core reads it
# without importing Rasa (tests/test_shared_names.py checks that the two agree).
REQUESTED_SLOT = "requested_slot"

# Slots whose values the tracker store hides (bot/event_redaction.py): what the tenant answered to a
# verification or preference question stays on the action server; the slot holds RECEIVED (or SKIP).
VERIFICATION_SLOTS = ("verification_contract", "verification_postcode", "verification_birth_date")
CODE_SLOT = "verification_code"
RECEIVED = "ontvangen"
PREFERENCE_SLOTS = ("pref_channel", "pref_times", "pref_language", "pref_money", "pref_care")
SKIP = "overslaan"  # a preference question skipped
