"""On PostgreSQL the database itself refuses to change or delete audit events.

The ORM already refuses (``AuditEvent.save``/``delete``, the queryset's ``update``/``delete``);
this trigger also stops raw SQL and anything else run as the application's database user.
Allowed, deliberately:

- ``UPDATE ... SET actor_id = NULL`` and nothing else: ``AuditEvent.actor`` is
  ``on_delete=SET_NULL``, so deleting a user nulls the link (``actor_username`` keeps the name);
- a redaction: when the transaction has ``SET LOCAL baovetreem.audit_redaction = 'on'``, an
  update of ``before``, ``after`` and ``object_repr`` only (``audit.redaction.redact_events``,
  for erasing a child's personal data for good); every other column stays as written.

TRUNCATE is not blocked: a row-level trigger does not fire on it, and the test runner (pytest's
transactional and live-server tests) and ``manage.py flush`` empty tables with TRUNCATE. Only the
table's owner may truncate; in production run the application as a user that does not own it.
SQLite has no such trigger (development and tests only).
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        -- A user was deleted: on_delete=SET_NULL clears the link, the rest stays as written.
        IF OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
           AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
            RETURN NEW;
        END IF;
        -- A deliberate redaction of personal data (audit.redaction.redact_events).
        IF current_setting('baovetreem.audit_redaction', true) = 'on'
           AND (to_jsonb(NEW) - 'before' - 'after' - 'object_repr')
               = (to_jsonb(OLD) - 'before' - 'after' - 'object_repr') THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit events cannot be changed or deleted (% of event %)', TG_OP, OLD.id
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'The audit log is append-only; see audit migration 0003.';
END;
$$;

DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
CREATE TRIGGER audit_auditevent_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_auditevent_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_auditevent_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)  # no placeholders: "%" is plpgsql


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_list_action")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
