"""Rebuild the dashboards' summary table from the progress rows (after a restore or a bulk write by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dashboards import summary
from dashboards.models import ReportAreaScore
from dashboards.selectors import cache


class Command(BaseCommand):
    help = "Menghitung ulang tabel ringkasan dasbor dari baris realisasi."

    def handle(self, *args: Any, **options: Any) -> None:
        summary.rebuild()
        cache.bump()
        self.stdout.write(f"{ReportAreaScore.objects.count()} baris ringkasan.")
