from django.db import migrations


def forwards(apps, schema_editor):
    from areas.reference import load_reference

    load_reference(apps)


class Migration(migrations.Migration):
    dependencies = [("areas", "0002_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
