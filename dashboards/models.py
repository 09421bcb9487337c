"""The one row that says "the numbers changed": the generation of the dashboards' cached aggregates."""

from __future__ import annotations

from django.db import models


class DataGeneration(models.Model):
    """A counter bumped in the same transaction as every write that can change a dashboard number.

    Cached aggregates are keyed by it (dashboards.selectors.cache): a reader sees the new value exactly
    when it sees the new data (both commit together), so a cache entry can never outlive its data.
    """

    value = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "generasi data dasbor"

    def __str__(self) -> str:
        return str(self.value)


class ReportAreaScore(models.Model):
    """The two sums of a weighted mean of one report's indicators, per (area, aspect, theme, road map, type).

    A summary of evaluations.Progress, kept equal to it by dashboards.summary in the transaction of every
    write (so the dashboards add up a few rows per report instead of scanning every progress row):
    `num` = Σ clipped capaian × weight and `den` = Σ weight over the rows that have a capaian, exactly
    the NUMERIC sums of dashboards.selectors.scores.score_sums. Groups without any capaian have no row.
    The report's status and cycle are read through `report` (a status change touches no summary row).
    """

    report = models.ForeignKey("evaluations.Report", on_delete=models.CASCADE, related_name="+")
    roadmap = models.ForeignKey("roadmap.Roadmap", on_delete=models.CASCADE, related_name="+")  # the indicators'
    # Null where the indicators have none (a road map may define no areas or aspects).
    area = models.ForeignKey("areas.ChangeArea", null=True, on_delete=models.CASCADE, related_name="+")
    aspect = models.ForeignKey("areas.ElementAspect", null=True, on_delete=models.CASCADE, related_name="+")
    theme = models.ForeignKey("areas.RbTheme", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10)  # the indicators' type (areas.IndicatorKind): the Dasbor filters on it
    num = models.DecimalField(max_digits=30, decimal_places=6)
    den = models.DecimalField(max_digits=30, decimal_places=6)
    rows = models.PositiveIntegerField(default=0)  # progress rows with a capaian in the group

    class Meta:
        verbose_name = "ringkasan skor laporan"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "roadmap", "area", "aspect", "theme", "kind"], name="report_area_score_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.area_id}/{self.aspect_id}/{self.theme_id}/{self.kind}: {self.num}/{self.den}"
