"""An ID number is unique within what a user may see, no longer across the whole register: a
child whose number is already on a record out of the user's scope is taken and paired in the
duplicate report, rather than refused (a refusal would reveal the other record)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_measurement_who2007_fields"),
    ]

    operations = [
        migrations.AlterField(
            model_name="child",
            name="personal_id",
            field=models.CharField(
                blank=True,
                db_index=True,
                max_length=12,
                null=True,
                verbose_name="personal ID number",
            ),
        ),
    ]
