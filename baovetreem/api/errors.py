"""The API's one error shape, ``{"detail": "invalid", "errors": {field: [messages]}}``: for a
service's ValidationError (400) and for input that does not fit the schema (422); and 413 for a
body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, answered before the body is read."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as SchemaError


def validation_errors(exc: ValidationError, field_names: dict[str, str] | None = None) -> dict:
    """{"detail": "invalid", "errors": {field: [messages]}}; ``__all__`` for non-field errors.

    ``field_names`` renames the service's fields to the API's (e.g. location → location_id).
    """
    if hasattr(exc, "error_dict"):
        names = field_names or {}
        errors = {names.get(k, k): v for k, v in exc.message_dict.items()}
        return {"detail": "invalid", "errors": errors}
    return {"detail": "invalid", "errors": {"__all__": exc.messages}}


def _schema_message(error: dict[str, Any]) -> str:
    """A sentence saying what to fix, for one pydantic error (its own text when unknown)."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is missing: send it.")
    if kind == "string_too_long":
        return _("Enter at most %(max_length)s characters.") % ctx
    if kind == "less_than_equal":
        return _("Enter a number no greater than %(le)s.") % ctx
    if kind == "greater_than_equal":
        return _("Enter a number no smaller than %(ge)s.") % ctx
    if kind.startswith("int_"):
        return _("Enter a whole number.")
    if kind.startswith("bool_"):
        return _("Enter true or false.")
    if kind.startswith("datetime_"):
        return _("Enter a date and time as yyyy-mm-ddThh:mm:ss+07:00.")
    if kind.startswith("date_") and kind != "date_out_of_range":
        return _("Enter a date as yyyy-mm-dd.")
    if kind == "date_out_of_range":
        return _("Enter a date between %(first)s and %(last)s.") % ctx
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ")
        return _("Choose one of: %(expected)s.") % {"expected": expected}
    if kind in {"string_type", "string_unicode"}:
        return _("Enter text.")
    if kind == "null_character":
        return _("Remove the null characters from the text.")
    if kind == "page_too_large":
        return _("At most %(max)s records per page: ask for the next page with offset.") % ctx
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return _("Send a JSON object.")
    if kind == "list_type":
        return _("Send a list.")
    return str(error.get("msg", ""))


def _field_name(loc: tuple | list) -> str:
    """``["body", "payload", "full_name"]`` → "full_name"; the body itself → "body"."""
    parts = list(loc)
    source = parts.pop(0) if parts else ""
    if source == "body" and parts:
        parts.pop(0)  # the view's body parameter (payload)
    return ".".join(str(p) for p in parts) or source or "__all__"


def schema_errors(exc: SchemaError) -> dict:
    """The project's shape for input the schema refused: one message per field."""
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(_schema_message(error))
    return {"detail": "invalid", "errors": errors}


def too_large() -> dict:
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    return {
        "detail": _(
            "The request is larger than the limit of %(limit)s. Send fewer or shorter items "
            "in each request."
        )
        % {"limit": limit}
    }


def install(api: NinjaAPI) -> None:
    """Answer every refused input of ``api`` in the project's shape, never with a 500."""

    @api.exception_handler(SchemaError)
    def _schema_error(request, exc: SchemaError):
        return api.create_response(request, schema_errors(exc), status=422)

    @api.exception_handler(HttpError)
    def _http_error(request, exc: HttpError):
        if exc.status_code == 400 and exc.__cause__ is not None:
            # Ninja's "Cannot parse request body": not JSON, or not UTF-8.
            body = {"detail": "invalid", "errors": {"body": [_("The body is not valid JSON.")]}}
            return api.create_response(request, body, status=400)
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)

    def refuse_oversized_body(run):
        # Answers from the declared length, before authentication or parsing reads the body
        # (Django itself would raise RequestDataTooBig there: a 400 page, or a 500).
        @functools.wraps(run)
        def guarded(request: HttpRequest, *args, **kwargs):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                return api.create_response(request, too_large(), status=413)
            return run(request, *args, **kwargs)

        return guarded

    api.add_decorator(refuse_oversized_body, mode="view")
