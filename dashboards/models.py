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
