"""Completeness and timeliness of a quarter's reports (DHIS2's "reporting rate"), counted in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from dashboards.selectors.filters import DashboardFilters, unit_scope_q
from evaluations.models import Cycle, Report, ReportStatus, today_wita
from roadmap.permissions import AnyUser, scope


class StatusCount(NamedTuple):
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class Completeness:
    total: int
    by_status: dict[str, int]
    overdue: int
    on_time: int

    @property
    def on_time_share(self) -> Decimal | None:
        """Submitted by the due date / all reports of the quarter, in %; None without reports."""
        if not self.total:
            return None
        return (Decimal(self.on_time) * 100 / Decimal(self.total)).quantize(Decimal("0.01"))

    def rows(self) -> list[StatusCount]:
        """(status, label, count) in the workflow's order, for the table and the chart."""
        return [StatusCount(value, label, self.by_status.get(value, 0)) for value, label in ReportStatus.choices]


def due_boundary(cycle: Cycle) -> dt.datetime:
    """The first instant after the due date, in WITA: a submission before it is on time."""
    next_day = cycle.due_on + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(next_day, dt.time.min), timezone.get_default_timezone())


def cycle_reports(*, user: AnyUser, filters: DashboardFilters) -> QuerySet[Report]:
    if filters.cycle is None:
        return Report.objects.none()
    return scope(Report.objects.filter(cycle=filters.cycle), user).filter(
        unit_scope_q(user=user, filters=filters, unit_path="unit")
    )


def completeness(*, user: AnyUser, filters: DashboardFilters, today: dt.date | None = None) -> Completeness:
    """How many reports of the quarter are in each status, how many are Terlambat, the share on time.

    Independent of the approved-only toggle: it counts reports, not their numbers.
    """
    reports = cycle_reports(user=user, filters=filters)
    if filters.cycle is None:
        return Completeness(total=0, by_status={}, overdue=0, on_time=0)
    today = today or today_wita()
    counts = _aggregate(reports, filters.cycle)
    overdue = reports.overdue(today).count()
    return Completeness(
        total=counts["total"],
        by_status={value: counts[f"s_{value}"] for value in ReportStatus.values},
        overdue=overdue,
        on_time=counts["on_time"],
    )


def _aggregate(reports: QuerySet[Report], cycle: Cycle) -> dict[str, int]:
    return reports.annotate(first_submission=Coalesce("first_submitted_at", "submitted_at")).aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(first_submission__lt=due_boundary(cycle))),
        **{f"s_{value}": Count("pk", filter=Q(status=value)) for value in ReportStatus.values},
    )
