"""The summary follows the framework per road map (areas 0005): rows for indicators without an area or aspect
(null there). The rebuild is 0004_report_area_score_kind's (the live module's SQL is of the latest schema: it
reads the indicator's type, which areas 0007 adds, into a column 0004 adds)."""
# Backwards it follows the merge of areas 0005's backwards (the same rule: per code, the first road map's row).

import django.db.models.deletion
from django.db import migrations, models


def to_merged_framework(apps, schema_editor):
    """Backwards, before areas 0005 merges every road map's framework into one by code (the first road map's row
    of a code is kept): the summary rows move to the rows kept; rows without an area or aspect cannot stay."""
    ReportAreaScore = apps.get_model("dashboards", "ReportAreaScore")
    ReportAreaScore.objects.filter(models.Q(area__isnull=True) | models.Q(aspect__isnull=True)).delete()
    for model_name, field in (("ChangeArea", "area"), ("ElementAspect", "aspect"), ("RbTheme", "theme")):
        kept = {}
        for row in apps.get_model("areas", model_name).objects.order_by("roadmap__start_year", "roadmap_id", "order"):
            target = kept.setdefault(row.code, row.pk)
            if target != row.pk:
                ReportAreaScore.objects.filter(**{f"{field}_id": row.pk}).update(**{f"{field}_id": target})
    if schema_editor.connection.vendor == "postgresql":  # no pending trigger events before the ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")


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
        migrations.RunPython(migrations.RunPython.noop, to_merged_framework),
    ]
