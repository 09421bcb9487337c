"""Indexes for the dashboards and the report form at scale (docs/performance.md).

Database-only (RunPython, PostgreSQL): they change no model state, so makemigrations stays quiet,
and SQLite (development) simply does without them.
"""

from django.db import migrations

INDEXES = [
    # A unit's indicators across the quarters (unit page pivot, indicator history, previous quarter on the form):
    # the progress rows of an indicator with their report and capaian, read from the index alone.
    (
        "progress_indicator_report_idx",
        "evaluations_progress (indicator_id, report_id) INCLUDE (capaian)",
    ),
    # The counted reports of a cycle (every dashboard aggregate filters report by cycle and status).
    ("report_cycle_status_idx", "evaluations_report (cycle_id, status)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, target in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {target}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _target in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
