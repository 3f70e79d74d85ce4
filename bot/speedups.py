"""Measured fixes to Rasa 3.6 hot paths, installed by `python -m bot.server` (never on import).

RemoteAction._validate_action_result calls `jsonschema.validate` on every action-server
response, which first re-checks Rasa's own (large) response schema. Profiling showed this to be
the largest cost per message (docs/performance.md). The replacement validates against the same
schema with a validator compiled once: the same checks, the same errors.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

_validator: Optional[Any] = None


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

    if not hasattr(RemoteAction, "_validate_action_result"):
        raise RuntimeError("Rasa changed: RemoteAction._validate_action_result is gone; review bot/speedups.py")
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
