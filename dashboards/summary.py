"""The dashboards' summary table (dashboards.ReportAreaScore), kept equal to the progress rows.

Invariant: for every report, its ReportAreaScore rows are exactly
`Progress.filter(report, capaian not null).values(roadmap, area, aspect, theme, kind).annotate(score_sums())`
(kind: the indicator's type, areas.IndicatorKind).
A report's rows are rebuilt from its progress rows (one DELETE and one INSERT … SELECT, whatever the number
of rows) in the transaction of the write that changed them, so a reader sees the new summary exactly when it
sees the new progress rows; the cached aggregates' generation (dashboards.selectors.cache) is bumped in the
same transactions, as before.

Who rebuilds:
- model signals of Progress (save / delete) and Indicator (save: its weight, area, aspect or theme may have
  changed; its type too), which covers the Django admin, the Excel import and the shell;
- the evaluations' domain signals (evaluations/signals.py), sent inside their writing transaction:
  `progress_changed` at the end of a `progress_batch()` (report_save_draft saves forty rows: one rebuild, not
  forty; the model signals of its rows are deferred to it) and `reports_created` after cycle_open's bulk_create;
- explicitly, `rebuild()`, after a bulk write that sends no signal (seed_scale's COPY, update()/bulk_update());
  `manage.py rebuild_dashboard_summary` rebuilds everything.

Cache bookkeeping, like the generation, not domain logic: the rule of the numbers stays in score_sums.
Why: docs/performance.md#cached-aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F
from django.db.models.signals import post_delete, post_save

from areas.models import Indicator
from dashboards.models import ReportAreaScore
from dashboards.selectors.scores import score_sums
from evaluations import signals as evaluation_signals
from evaluations.models import Progress

GROUP = ("report_id", "roadmap_id", "area_id", "aspect_id", "theme_id", "kind")


def _source(report_ids: list[int] | None) -> Any:
    qs = Progress.objects.filter(capaian__isnull=False)
    if report_ids is not None:
        qs = qs.filter(report_id__in=report_ids)
    return (
        qs.order_by()
        .values(
            "report_id",
            roadmap_id=F("indicator__roadmap_id"),
            area_id=F("indicator__area_id"),
            aspect_id=F("indicator__aspect_id"),
            theme_id=F("indicator__theme_id"),
            kind=F("indicator__kind"),
        )
        .annotate(**score_sums(), rows=Count("pk"))
    )


def rebuild(report_ids: Iterable[int] | None = None) -> None:
    """Recompute the summary of these reports (every report when None) from their progress rows."""
    ids = None if report_ids is None else sorted(set(report_ids))
    if ids is not None and not ids:
        return
    table = connection.ops.quote_name(ReportAreaScore._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in (*GROUP, "num", "den", "rows"))
    with transaction.atomic():
        stale = ReportAreaScore.objects.all() if ids is None else ReportAreaScore.objects.filter(report_id__in=ids)
        stale._raw_delete(stale.db)
        # INSERT … SELECT: the grouped rows never travel to Python. The SELECT is the ORM's own
        # (score_sums), its columns in the order of values() then annotate().
        select, params = _source(ids).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)


def mark(report_ids: Iterable[int]) -> None:
    """These reports' progress rows changed: rebuild now, or at the end of the enclosing progress_batch()."""
    report_ids = list(report_ids)
    if not evaluation_signals.defer_progress(report_ids):
        rebuild(report_ids)


# --- signals ----------------------------------------------------------------------------------------------


def _on_progress(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: rebuild by hand afterwards
        return
    mark([instance.report_id])


def _on_indicator(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return  # a new indicator has no progress rows yet
    mark(Progress.objects.filter(indicator_id=instance.pk).values_list("report_id", flat=True))


def _on_reports(sender: Any, report_ids: list[int], **kwargs: Any) -> None:
    rebuild(report_ids)  # evaluations.signals: progress_changed (a batch's end) and reports_created (bulk_create)


def connect_signals() -> None:
    evaluation_signals.progress_changed.connect(_on_reports, dispatch_uid="dasbor-summary-progress-changed")
    evaluation_signals.reports_created.connect(_on_reports, dispatch_uid="dasbor-summary-reports-created")
    post_save.connect(_on_progress, sender=Progress, dispatch_uid="dasbor-summary-save-Progress")
    post_delete.connect(_on_progress, sender=Progress, dispatch_uid="dasbor-summary-delete-Progress")
    post_save.connect(_on_indicator, sender=Indicator, dispatch_uid="dasbor-summary-save-Indicator")
