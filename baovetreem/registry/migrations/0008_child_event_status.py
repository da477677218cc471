from django.db import migrations, models

# The labels status events were written with (Vietnamese and English), newest wording first.
STATUS_LABELS = {
    "moved_away": ["Chuyển đi", "Đã chuyển đi", "Moved away"],
    "aged_out": ["Đủ 16 tuổi", "Đã đủ 16 tuổi", "Turned 16"],
    "deceased": ["Đã mất", "Qua đời", "Đã qua đời", "Deceased"],
    "living": ["Đang sinh sống", "Đang sống ở đây", "Living here"],
}


def backfill(apps, schema_editor):
    """Give every move and status event its status; a status event whose label is not
    recognised takes the child's current status when it is the child's latest status event."""
    ChildEvent = apps.get_model("registry", "ChildEvent")
    Child = apps.get_model("registry", "Child")
    ChildEvent.objects.filter(kind="moved", status="").update(status="living")
    latest = {}
    for event in ChildEvent.objects.filter(kind="status", status="").order_by(
        "child_id", "happened_on", "recorded_at", "id"
    ):
        description = (event.description or "").strip().lower()
        found = ""
        for code, labels in STATUS_LABELS.items():
            if any(description.startswith(label.lower()) for label in labels):
                found = code
                break
        if found:
            event.status = found
            event.save(update_fields=["status"])
        latest[event.child_id] = event
    for child_id, event in latest.items():
        if event.status:
            continue
        status = Child.objects.filter(pk=child_id).values_list("status", flat=True).first()
        if status:
            event.status = status
            event.save(update_fields=["status"])


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_personal_id_not_unique_across_scopes"),
    ]

    operations = [
        migrations.AddField(
            model_name="childevent",
            name="status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("living", "Living here"),
                    ("moved_away", "Moved away"),
                    ("aged_out", "Turned 16"),
                    ("deceased", "Deceased"),
                ],
                max_length=12,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
