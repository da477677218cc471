"""On PostgreSQL the database refuses to change or delete audit events, whoever asks."""

import pytest
from django.db import DatabaseError, connection, transaction

from baovetreem.audit.models import AuditAction, AuditEvent
from baovetreem.audit.redaction import REDACTED, REDACTION_SETTING, redact_events
from baovetreem.audit.services import record

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists only on PostgreSQL (SQLite: development and tests)",
)


@pytest.fixture
def event(world):
    return record(
        world.xa1,
        AuditAction.UPDATE,
        world.ctv1,
        before={"full_name": "Nguyễn Văn Cũ", "phone": "0912000111"},
        after={"full_name": "Nguyễn Văn Mới", "phone": "0912000222"},
    )


def _sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@needs_postgres
def test_raw_sql_cannot_change_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE audit_auditevent SET note = 'sửa' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE audit_auditevent SET actor_username = 'ai_do' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).actor_username == "xa1"


@needs_postgres
def test_raw_sql_cannot_delete_an_audit_event(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@needs_postgres
def test_clearing_the_actor_must_leave_the_rest_untouched(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE audit_auditevent SET actor_id = NULL, note = 'x' WHERE id = %s", [event.pk])


def test_deleting_a_user_keeps_their_events_with_their_name(world, event):
    world.xa1.delete()
    kept = AuditEvent.objects.get(pk=event.pk)
    assert kept.actor_id is None and kept.actor_username == "xa1"
    assert kept.after == event.after


def test_redaction_blanks_payloads_and_leaves_who_and_when(world, event):
    assert redact_events([event.pk], actor=None, reason="xoá vĩnh viễn trẻ em", keys=["phone"]) == 1
    redacted = AuditEvent.objects.get(pk=event.pk)
    assert redacted.before == {"full_name": "Nguyễn Văn Cũ", "phone": REDACTED}
    assert redacted.after["phone"] == REDACTED and redacted.object_repr == REDACTED
    assert (redacted.actor_username, redacted.at, redacted.action) == (
        "xa1",
        event.at,
        "update",
    )
    assert AuditEvent.objects.filter(note__startswith="redaction:").exists()
    redact_events([event.pk], actor=None, reason="tất cả")
    assert AuditEvent.objects.get(pk=event.pk).before == REDACTED


@needs_postgres
def test_redaction_setting_allows_only_the_payload_columns(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("SELECT set_config(%s, 'on', true)", [REDACTION_SETTING])
        _sql("UPDATE audit_auditevent SET note = 'x' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("SELECT set_config(%s, 'on', true)", [REDACTION_SETTING])
        _sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError), transaction.atomic():  # without the setting
        _sql("UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s", [event.pk])


@needs_postgres
def test_the_log_is_guarded_again_after_a_redaction(world, event):
    other = record(world.xa1, AuditAction.VIEW, world.ctv1)
    with transaction.atomic():
        redact_events([event.pk], actor=None, reason="thử")
        with pytest.raises(DatabaseError), transaction.atomic():
            _sql("UPDATE audit_auditevent SET object_repr = 'x' WHERE id = %s", [other.pk])
    assert AuditEvent.objects.get(pk=other.pk).object_repr == other.object_repr
