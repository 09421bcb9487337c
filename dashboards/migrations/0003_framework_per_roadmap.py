"""The summary follows the framework per road map (areas 0005): rebuilt, with rows for indicators without an area
or aspect (null there). As in 0002, the live module rebuilds (its SQL is the ORM's, at this schema)."""

import django.db.models.deletion
from django.db import migrations, models


def rebuild(apps, schema_editor):
    from dashboards import summary

    summary.rebuild()


def drop_rows_without_area(apps, schema_editor):
    ReportAreaScore = apps.get_model("dashboards", "ReportAreaScore")
    ReportAreaScore.objects.filter(models.Q(area__isnull=True) | models.Q(aspect__isnull=True)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0005_framework_per_roadmap"),
        ("dashboards", "0002_report_area_score"),
    ]

    operations = [
        migrations.AlterField(
            model_name="reportareascore",
            name="area",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="areas.changearea"
            ),
        ),
        migrations.AlterField(
            model_name="reportareascore",
            name="aspect",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="areas.elementaspect"
            ),
        ),
        migrations.RunPython(rebuild, drop_rows_without_area),
    ]
