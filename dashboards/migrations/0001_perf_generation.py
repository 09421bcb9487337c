import secrets

from django.db import migrations, models


def create_row(apps, schema_editor):
    # A random start: see dashboards.selectors.cache.random_start.
    apps.get_model("dashboards", "DataGeneration").objects.get_or_create(pk=1, defaults={"value": secrets.randbits(48)})


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="DataGeneration",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("value", models.BigIntegerField(default=0)),
            ],
            options={"verbose_name": "generasi data dasbor"},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
