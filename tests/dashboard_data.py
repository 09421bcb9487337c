"""Data builders shared by the dashboard tests: quarters filled directly, many units in bulk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from areas import scoring
from areas.models import ChangeArea, ElementAspect, Indicator, IndicatorTarget, RbTheme
from dashboards import summary
from evaluations.models import Cycle, Progress, Report, ReportStatus
from evaluations.services import cycles
from roadmap.models import Roadmap, Unit, UnitKind

WITA = dt.timezone(dt.timedelta(hours=8))


def wita(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=WITA)


def open_quarter(roadmap: Roadmap, year: int, quarter: int) -> Cycle:
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=year, quarter=quarter)
    cycles.cycle_open(cycle=cycle)
    return cycle


def fill(cycle: Cycle, values: dict[str, Decimal | bool | None]) -> None:
    """Set realisasi (or milestone done) of the named indicators in `cycle`, with capaian from areas.scoring."""
    rows = Progress.objects.filter(report__cycle=cycle, indicator__code__in=values).select_related("indicator")
    changed = []
    for p in rows:
        value = values[p.indicator.code]
        if p.indicator.is_milestone:
            p.milestone_done, p.realisasi = value, None
        else:
            p.realisasi, p.milestone_done = value, None
        p.capaian = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
        changed.append(p)
    assert len(changed) == len(values), "every named indicator has a row in this cycle"
    Progress.objects.bulk_update(changed, ["realisasi", "milestone_done", "capaian"])
    summary.rebuild({p.report_id for p in changed})  # bulk_update sends no signals


def set_status(cycle: Cycle, unit: Unit, status: str, first_submitted_at: dt.datetime | None = None, **extra) -> None:
    updated = Report.objects.filter(cycle=cycle, unit=unit).update(
        status=status,
        first_submitted_at=first_submitted_at,
        submitted_at=first_submitted_at,
        approved_at=timezone.now() if status == ReportStatus.DISETUJUI else None,
        **extra,
    )
    assert updated == 1


def bulk_units(roadmap: Roadmap, count: int, prefix: str, quarters: tuple[tuple[int, int], ...]) -> list[Unit]:
    """`count` units with three indicators each (higher, lower, milestone) and targets, in a handful of queries."""
    units = Unit.objects.bulk_create(
        [
            Unit(
                name=f"{prefix} {i:03d}",
                short_name=f"{prefix}{i:03d}",
                slug=f"{prefix.lower()}-{i:03d}",
                kind=UnitKind.DINAS,
            )
            for i in range(count)
        ]
    )
    areas = list(ChangeArea.objects.filter(roadmap=roadmap).order_by("order"))
    aspects = list(ElementAspect.objects.filter(roadmap=roadmap).order_by("element", "order"))
    themes = list(RbTheme.objects.filter(roadmap=roadmap).order_by("order"))
    indicators = []
    for i, unit in enumerate(units):
        for j, polarity in enumerate(("higher", "lower", "milestone")):
            n = i * 3 + j
            indicators.append(
                Indicator(
                    roadmap=roadmap,
                    unit=unit,
                    code=f"{prefix}-{i:03d}-{j}",
                    name=f"Indikator {n}",
                    area=areas[n % 8],
                    aspect=aspects[n % 8],
                    theme=themes[n % len(themes)],
                    satuan="persen",
                    polarity=polarity,
                    weight=Decimal(1 + j),
                )
            )
    Indicator.objects.bulk_create(indicators)
    IndicatorTarget.objects.bulk_create(
        [
            IndicatorTarget(indicator=ind, year=y, quarter=q, value=Decimal(1 if ind.polarity == "milestone" else 80))
            for ind in indicators
            for y, q in quarters
        ]
    )
    return units


def approve_all(cycle: Cycle, capaian: Decimal = Decimal("72.5")) -> None:
    """Every report of the cycle approved, every row with a realisasi and a capaian (one UPDATE each)."""
    Progress.objects.filter(report__cycle=cycle).update(realisasi=Decimal(58), capaian=capaian)
    summary.rebuild(Report.objects.filter(cycle=cycle).values_list("pk", flat=True))  # update() sends no signals
    Report.objects.filter(cycle=cycle).update(
        status=ReportStatus.DISETUJUI, first_submitted_at=wita(cycle.due_on.year, cycle.due_on.month, 5, 9)
    )
