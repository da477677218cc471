"""The one change the audit log allows: blanking personal data in events' payloads.

For erasing a child's record for good (a later task): the events about them keep who did what
and when, but lose the names and values they carried. On PostgreSQL the append-only trigger
(audit migration 0003) lets an update through only inside a transaction that has set
``baovetreem.audit_redaction`` to ``on``, and only of ``before``, ``after`` and ``object_repr``;
this module is the place that sets it, and it writes an audit event saying what it redacted.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.services import record

REDACTED = "[redacted]"
REDACTION_SETTING = "baovetreem.audit_redaction"


def _scrub(payload: Any, keys: set[str] | None) -> Any:
    if payload is None:
        return None
    if keys is None or not isinstance(payload, dict):
        return REDACTED
    return {k: (REDACTED if k in keys else v) for k, v in payload.items()}


def _redaction_allowed(on: bool) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL: it ends with the transaction at the latest.
            cursor.execute(
                "SELECT set_config(%s, %s, true)", [REDACTION_SETTING, "on" if on else "off"]
            )


@transaction.atomic
def redact_events(
    event_ids: Iterable[int],
    *,
    actor,
    reason: str,
    keys: Iterable[str] | None = None,
    location_path: str = "",
) -> int:
    """Blank ``keys`` (every value when None) of the events' before/after, and their object name.

    Returns how many events were redacted; the redaction itself is recorded as a new event.
    """
    ids = sorted(set(event_ids))
    key_set = set(keys) if keys is not None else None
    events = list(AuditEvent.objects.filter(pk__in=ids).only("pk", "before", "after"))
    _redaction_allowed(True)
    for event in events:
        # The queryset of AuditEvent refuses update(); this is the single sanctioned path.
        models.QuerySet.update(
            AuditEvent.objects.filter(pk=event.pk),
            before=_scrub(event.before, key_set),
            after=_scrub(event.after, key_set),
            object_repr=REDACTED,
        )
    # SET LOCAL outlives a savepoint: guard later writes of the same outer transaction again.
    # (On an error the savepoint's rollback undoes the setting by itself.)
    _redaction_allowed(False)
    record(
        actor,
        AuditAction.UPDATE,
        object_type="audit.auditevent",
        object_repr=f"{len(events)} audit events redacted",
        location_path=location_path,
        after={"events": [e.pk for e in events], "keys": sorted(key_set) if key_set else "*"},
        note=f"redaction: {reason}",
    )
    return len(events)
