from django.db import migrations


def forwards(apps, schema_editor):
    from baovetreem.registry import seed

    seed.load(apps)


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
