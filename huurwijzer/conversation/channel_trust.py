"""What a channel vouches for, signed so the action server can tell it from what a client typed.

The WhatsApp and Twilio channels check Meta's or Twilio's signature and then put the sender's
phone number in the message metadata. Metadata also reaches the action server from other paths (a
REST client, the web chat, anyone who could call the action server), so the number counts only
with a proof: an HMAC with the secret the Rasa and action servers share, over the channel, the
conversation and the number. A proof for one conversation is worth nothing in another.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any, Mapping, Optional

from huurwijzer.conversation.shared_names import PHONE_KEY, PHONE_PROOF_KEY


def _sign(secret: str, purpose: str, *parts: str) -> str:
    message = "\n".join((purpose, *parts)).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def phone_proof(secret: str, channel: str, sender_id: str, phone: str) -> str:
    return _sign(secret, "phone", channel, sender_id, phone)


def phone_metadata(secret: str, channel: str, sender_id: str, phone: str) -> dict[str, str]:
    """The metadata a verified channel message carries (no proof without a secret: no code login)."""
    if not secret:
        return {PHONE_KEY: phone}
    return {PHONE_KEY: phone, PHONE_PROOF_KEY: phone_proof(secret, channel, sender_id, phone)}


def trusted_phone(secret: str, channel: str, sender_id: str, metadata: Mapping[str, Any]) -> Optional[str]:
    """The phone number the channel vouched for, or None."""
    phone, proof = metadata.get(PHONE_KEY), metadata.get(PHONE_PROOF_KEY)
    if not secret or not isinstance(phone, str) or not isinstance(proof, str):
        return None
    return phone if hmac.compare_digest(proof, phone_proof(secret, channel, sender_id, phone)) else None


def session_token(secret: str, session_id: str) -> str:
    """The web chat's rejoin secret for a session id the server issued."""
    return _sign(secret, "webchat-session", session_id)
