"""Fill ``Child.search_text`` and, on PostgreSQL, index it with trigrams for "contains" search."""

from django.db import migrations


def backfill(apps, schema_editor):
    from baovetreem.core.text import normalize_name

    child_model = apps.get_model("registry", "Child")
    carer_model = apps.get_model("registry", "Carer")
    carers: dict[int, list[str]] = {}
    for child_id, name in carer_model.objects.values_list("child_id", "full_name").iterator():
        carers.setdefault(child_id, []).append(name)
    batch = []
    for child in child_model.objects.select_related("household").iterator(chunk_size=2000):
        head = child.household.head_name if child.household_id else ""
        names = [child.full_name, *carers.get(child.pk, []), head]
        child.search_text = " | ".join(normalize_name(n) for n in names if n)[:600]
        batch.append(child)
        if len(batch) >= 2000:
            child_model.objects.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        child_model.objects.bulk_update(batch, ["search_text"])


def index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS child_search_trgm ON registry_child "
        "USING gin (search_text gin_trgm_ops)"
    )


def unindex(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS child_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_child_search_text")]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(index, unindex),
    ]
