"""Writing audit events. Every mutating service calls ``record`` inside its own transaction."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models, transaction

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.core.middleware import current_client_ip, current_request_id

# Never copied into the log, whatever the model.
SECRET_FIELDS = {"password", "key_hash", "token"}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-safe data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in SECRET_FIELDS:
            continue
        data[field.name] = _json_value(getattr(obj, field.attname))
    return data


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    before: dict | None = None,
    after: dict | None = None,
    location_path: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    object_repr: str | None = None,
    note: str = "",
) -> AuditEvent:
    """Write one audit event; inside a transaction it commits or rolls back with the change."""
    if action not in AuditAction.values:
        raise ValueError(f"unknown audit action {action!r}")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr if object_repr is not None else str(obj)[:255]
        if location_path is None:
            location_path = audit_path_of(obj)
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    ip = current_client_ip() or None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=(getattr(actor, "username", "") or "")[:150] if actor else "",
        action=action,
        object_type=object_type or "",
        object_id=object_id or "",
        object_repr=(object_repr or "")[:255],
        location_path=location_path or "",
        before=_json_value(before) if before is not None else None,
        after=_json_value(after) if after is not None else None,
        request_id=current_request_id(),
        ip_address=ip,
        note=note,
    )


def audit_path_of(obj: models.Model) -> str:
    """The location path under which an object's events are filed (its scope)."""
    getter = getattr(obj, "audit_location_path", None)
    if callable(getter):
        return getter() or ""
    field = getattr(type(obj), "scope_path_field", None)
    if field and "__" not in field:
        return getattr(obj, field, "") or ""
    if field:
        value: Any = obj
        for part in field.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return ""
            if hasattr(value, "all") and not isinstance(value, str):
                # A to-many relation: the model must define audit_location_path instead.
                return ""
        return value or ""
    return ""


@transaction.atomic
def record_change(actor, obj: models.Model, before: dict | None, note: str = "") -> AuditEvent:
    """Record an update of ``obj`` given its snapshot taken before the change."""
    return record(actor, AuditAction.UPDATE, obj, before=before, after=snapshot(obj), note=note)


def build(
    actor,
    action: str,
    obj: models.Model,
    *,
    after: dict | None = None,
    location_path: str | None = None,
    note: str = "",
) -> AuditEvent:
    """An unsaved audit event, for bulk writers (imports) that insert many rows at once."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent(
        actor=user,
        actor_username=(getattr(actor, "username", "") or "")[:150] if actor else "",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        location_path=location_path if location_path is not None else audit_path_of(obj),
        after=_json_value(after) if after is not None else None,
        request_id=current_request_id(),
        ip_address=current_client_ip() or None,
        note=note,
    )


# At most this many record ids are kept in one list-read event (a page is capped below it).
READ_IDS_KEPT = 500


def _common_path(paths: list[str]) -> str:
    """The deepest location path that every one of ``paths`` lies under ("" when none)."""
    paths = [p for p in paths if p]
    if not paths:
        return ""
    parts = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return "/" + "/".join(common) + "/" if common else ""


def record_read(
    actor,
    model: type[models.Model] | str,
    objects,
    *,
    filters: dict | None = None,
    total: int | None = None,
    note: str = "",
    location_path: str | None = None,
) -> AuditEvent:
    """Write one event for a list, search or export page of personal data.

    Says who read, with which filter, how many records matched and which ids were shown, so a
    bulk read leaves the same trace as opening each record. ``objects`` is the page actually
    shown (model instances or ids); the event is filed under the deepest unit holding them all,
    or under ``location_path`` when the caller knows it.
    """
    label = model if isinstance(model, str) else model._meta.label_lower
    ids: list[str] = []
    paths: list[str] = []
    for obj in objects:
        if isinstance(obj, models.Model):
            ids.append(str(obj.pk))
            if location_path is None:
                paths.append(audit_path_of(obj))
        else:
            ids.append(str(obj))
    if location_path is not None:
        paths = [location_path]
    elif not paths and actor is not None and hasattr(actor, "audit_location_path"):
        paths = [actor.audit_location_path()]
    clean_filters = {k: v for k, v in (filters or {}).items() if v not in (None, "", [], {})}
    return record(
        actor,
        AuditAction.LIST,
        object_type=label,
        object_id="",
        object_repr=f"{len(ids)} / {total if total is not None else len(ids)}",
        location_path=_common_path(paths),
        after={
            "filters": clean_filters,
            "shown": len(ids),
            "total": total if total is not None else len(ids),
            "ids": ids[:READ_IDS_KEPT],
        },
        note=note,
    )
