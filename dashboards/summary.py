"""The dashboards' summary table (dashboards.ReportAreaScore), kept equal to the progress rows.

Invariant: for every report, its ReportAreaScore rows are exactly
`Progress.filter(report, capaian not null).values(roadmap, area, aspect, theme).annotate(score_sums())`.
A report's rows are rebuilt from its progress rows (one DELETE and one INSERT … SELECT, whatever the number
of rows) in the transaction of the write that changed them, so a reader sees the new summary exactly when it
sees the new progress rows; the cached aggregates' generation (dashboards.selectors.cache) is bumped in the
same transactions, as before.

Who rebuilds:
- model signals of Progress (save / delete) and Indicator (save: its weight, area, aspect or theme may have
  changed), which covers the Django admin, the Excel import and the shell;
- `deferred()` around the services' writes (report_save_draft saves forty rows: one rebuild, not forty);
- explicitly, `rebuild()`, after a bulk write that sends no signal (cycle_open's bulk_create, seed_scale's
  COPY, update()/bulk_update()); `manage.py rebuild_dashboard_summary` rebuilds everything.

Cache bookkeeping, like the generation, not domain logic: the rule of the numbers stays in score_sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F

_pending: ContextVar[set[int] | None] = ContextVar("dashboard_summary_pending", default=None)

GROUP = ("report_id", "roadmap_id", "area_id", "aspect_id", "theme_id")


def _source(report_ids: list[int] | None) -> Any:
    from dashboards.selectors.scores import score_sums
    from evaluations.models import Progress

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
        )
        .annotate(**score_sums(), rows=Count("pk"))
    )


def rebuild(report_ids: Iterable[int] | None = None) -> None:
    """Recompute the summary of these reports (every report when None) from their progress rows."""
    from dashboards.models import ReportAreaScore

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
    """These reports' progress rows changed: rebuild now, or at the end of the enclosing deferred()."""
    pending = _pending.get()
    if pending is not None:
        pending.update(report_ids)
    else:
        rebuild(report_ids)


@contextmanager
def deferred() -> Iterator[None]:
    """Collect the reports marked inside the block and rebuild them once when it ends without error.

    Use inside the writing transaction (the rebuild belongs to it)."""
    if _pending.get() is not None:  # nested: the outer block rebuilds
        yield
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    rebuild(pending)


# --- signals ----------------------------------------------------------------------------------------------


def _on_progress(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: rebuild by hand afterwards
        return
    mark([instance.report_id])


def _on_indicator(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    if created or kwargs.get("raw"):
        return  # a new indicator has no progress rows yet
    from evaluations.models import Progress

    mark(Progress.objects.filter(indicator_id=instance.pk).values_list("report_id", flat=True))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from areas.models import Indicator
    from evaluations.models import Progress

    post_save.connect(_on_progress, sender=Progress, dispatch_uid="dasbor-summary-save-Progress")
    post_delete.connect(_on_progress, sender=Progress, dispatch_uid="dasbor-summary-delete-Progress")
    post_save.connect(_on_indicator, sender=Indicator, dispatch_uid="dasbor-summary-save-Indicator")
