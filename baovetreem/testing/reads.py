"""Test helpers for audited reads: open a page and get the one audit event it wrote."""

from __future__ import annotations

from baovetreem.audit.models import AuditAction, AuditEvent


def last_event_id() -> int:
    """The id of the newest audit event (0 when none): events after it are the test's."""
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(first_id: int) -> list[AuditEvent]:
    """The audit events written after the event ``first_id``, oldest first."""
    return list(AuditEvent.objects.filter(id__gt=first_id).order_by("id"))


def one_read(client, url: str, params=None, *, action: str = AuditAction.LIST, **extra):
    """GET ``url`` and return (response, event): the page must answer 200 and write exactly one
    audit event, of kind ``action`` (a list or search read by default)."""
    before = last_event_id()
    response = client.get(url, params or {}, **extra)
    assert response.status_code == 200, (url, response.status_code)
    events = events_since(before)
    assert len(events) == 1, (url, [(e.action, e.object_type, e.note) for e in events])
    assert events[0].action == action, (url, events[0].action)
    return response, events[0]


def ids_of(objects) -> list[str]:
    """Record ids as an audit event keeps them."""
    return [str(obj.pk) for obj in objects]
