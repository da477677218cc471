"""PostgreSQL only: trigram indexes so that "contains" name searches stay fast at a million rows.

SQLite keeps the portable path (a plain b-tree index and LIKE), tested too.
"""

from django.db import migrations

INDEXES = [
    ("registry_child", "name_normalized", "child_name_trgm"),
    ("registry_carer", "name_normalized", "carer_name_trgm"),
    ("registry_household", "head_name_normalized", "household_head_trgm"),
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, column, name in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({column} gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _table, _column, name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_reference_data")]

    operations = [migrations.RunPython(forwards, backwards)]
