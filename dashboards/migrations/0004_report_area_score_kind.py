"""The summary is grouped by the indicators' type too (areas.Indicator.kind: output, outcome, dampak), so the Dasbor
can be filtered by it (issue 18 item 4). As 0002 and 0003 did, the live module rebuilds every row (its SQL is the
ORM's, at this schema); they now leave the rebuild to this migration, the last to change the summary's columns (a
later one that changes them takes it over, and this one's becomes a no-op)."""
# Backwards the rows of a group's types are added up into one (sums are exact) before the column goes, so the
# summary stays equal to the progress rows at the schema of 0003 and its unique constraint holds.

from django.db import migrations, models
from django.db.models import Sum

OLD_GROUP = ("report", "roadmap", "area", "aspect", "theme")


def rebuild(apps, schema_editor):
    from dashboards import summary

    summary.rebuild()


def merge_kinds(apps, schema_editor):
    ReportAreaScore = apps.get_model("dashboards", "ReportAreaScore")
    columns = [f"{key}_id" for key in OLD_GROUP]
    groups = (
        ReportAreaScore.objects.order_by()
        .values(*columns)
        .annotate(sum_num=Sum("num"), sum_den=Sum("den"), sum_rows=Sum("rows"))
    )
    merged = [
        ReportAreaScore(
            **{c: group[c] for c in columns}, kind="", num=group["sum_num"], den=group["sum_den"], rows=group["sum_rows"]
        )
        for group in groups
    ]
    ReportAreaScore.objects.all().delete()
    ReportAreaScore.objects.bulk_create(merged, batch_size=2000)
    if schema_editor.connection.vendor == "postgresql":  # no pending trigger events before the ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0007_indicator_rules"),  # Indicator.kind
        ("dashboards", "0003_framework_per_roadmap"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="reportareascore", name="report_area_score_unique"),
        migrations.AddField(
            model_name="reportareascore",
            name="kind",
            field=models.CharField(default="", max_length=10),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="reportareascore",
            constraint=models.UniqueConstraint(
                fields=("report", "roadmap", "area", "aspect", "theme", "kind"), name="report_area_score_unique"
            ),
        ),
        migrations.RunPython(rebuild, merge_kinds),
    ]
