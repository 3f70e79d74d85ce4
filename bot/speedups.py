"""Measured fixes to Rasa 3.6 hot paths, installed by `python -m bot.server` (never on import).

RemoteAction._validate_action_result calls `jsonschema.validate` on every action-server
response, which first re-checks Rasa's own (large) response schema. Profiling showed this to be
the largest cost per message (docs/performance.md). The replacement validates against the same
schema with a validator compiled once: the same checks, the same errors.

A message that arrives while the same conversation is busy (a tenant sending two lines quickly)
waits for the conversation lock; Rasa checks the lock once a second, so the second line waited up
to a second after the first was done. We check every LOCK_POLL_SECONDS (one small Redis read).
"""

from __future__ import annotations

from typing import Any, Dict, Optional

_validator: Optional[Any] = None
LOCK_POLL_SECONDS = 0.02


def _validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    global _validator
    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.shared.constants import DOCS_BASE_URL

    if _validator is None:
        spec = self.action_response_format_spec()
        _validator = validator_for(spec)(spec)
    try:
        _validator.validate(result)
        return True
    except ValidationError as e:
        e.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise e


def install() -> None:
    from rasa.core.actions.action import RemoteAction
    from rasa.core.lock_store import LOCK_LIFETIME, LockStore

    lock = LockStore.lock

    def lock_polled_often(self: LockStore, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                          wait_time_in_seconds: float = LOCK_POLL_SECONDS) -> Any:
        return lock(self, conversation_id, lock_lifetime, wait_time_in_seconds)

    LockStore.lock = lock_polled_often  # type: ignore[method-assign]

    if not hasattr(RemoteAction, "_validate_action_result"):
        raise RuntimeError("Rasa changed: RemoteAction._validate_action_result is gone; review bot/speedups.py")
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
