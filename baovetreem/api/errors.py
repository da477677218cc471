"""The API's shape for a service's ValidationError (400 responses)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def validation_errors(exc: ValidationError, field_names: dict[str, str] | None = None) -> dict:
    """{"detail": "invalid", "errors": {field: [messages]}}; ``__all__`` for non-field errors.

    ``field_names`` renames the service's fields to the API's (e.g. location → location_id).
    """
    if hasattr(exc, "error_dict"):
        names = field_names or {}
        errors = {names.get(k, k): v for k, v in exc.message_dict.items()}
        return {"detail": "invalid", "errors": errors}
    return {"detail": "invalid", "errors": {"__all__": exc.messages}}
