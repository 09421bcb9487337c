"""`python manage.py export_report --report rekap --year 2025 --quarter 1 --format xlsx --output FILE`.

For scheduled use (cron, Celery beat): the same exporters as the Ekspor page, seen as the Admin
(every unit) unless --unit narrows it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from areas.models import IndicatorKind
from dashboards.selectors.filters import make_filters
from exports.base import FORMATS
from exports.reports import REPORTS, exporter_for
from roadmap.models import Roadmap, Role, Unit, User


class Command(BaseCommand):
    help = (
        "Menulis laporan ekspor (rekap, matriks, kelengkapan, rencana-aksi, rekomendasi) ke berkas XLSX, CSV atau PDF."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--report", required=True, help="rekap | matriks | kelengkapan | rencana-aksi | rekomendasi"
        )
        parser.add_argument("--year", required=True, type=int, help="tahun, misalnya 2025")
        parser.add_argument("--quarter", type=int, help="triwulan 1–4 (kosong: setahun)")
        parser.add_argument("--unit", help="slug perangkat daerah (kosong: semua)")
        parser.add_argument(
            "--kind", choices=IndicatorKind.values, help="jenis indikator: output | outcome | dampak (kosong: semua)"
        )
        parser.add_argument("--format", required=True, help="xlsx | csv | pdf")
        parser.add_argument("--delimiter", default=",", help="pemisah CSV: , atau ;")
        parser.add_argument("--roadmap", type=int, help="id road map (kosong: road map aktif)")
        parser.add_argument("--output", required=True, help="berkas tujuan")

    def handle(self, *args: Any, **options: Any) -> None:
        report, fmt = options["report"], options["format"]
        if report not in REPORTS:
            raise CommandError(f"Laporan '{report}' tidak dikenal. Pilih: {', '.join(REPORTS)}.")
        if fmt not in FORMATS:
            raise CommandError(f"Format '{fmt}' tidak dikenal. Pilih: {', '.join(FORMATS)}.")
        if options["delimiter"] not in (",", ";"):
            raise CommandError("Pemisah CSV harus ',' atau ';'.")
        quarter = options["quarter"]
        if quarter is not None and not 1 <= quarter <= 4:
            raise CommandError("Triwulan harus 1 sampai 4.")
        roadmap = (
            Roadmap.objects.filter(pk=options["roadmap"]).first()
            if options["roadmap"]
            else Roadmap.objects.filter(is_active=True).first()
        )
        if roadmap is None:
            raise CommandError("Road map tidak ditemukan (tidak ada road map aktif?).")
        year = options["year"]
        if not roadmap.contains_year(year):
            raise CommandError(
                f"Tahun {year} di luar masa road map {roadmap.name} ({roadmap.start_year}–{roadmap.end_year})."
            )
        unit = None
        if options["unit"]:
            unit = Unit.objects.filter(slug=options["unit"]).first()
            if unit is None:
                raise CommandError(f"Perangkat daerah dengan slug '{options['unit']}' tidak ada.")
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"Folder tujuan {output.parent} tidak ada.")

        # A transient (unsaved) Admin: the command goes through the same permission scoping as the page.
        system_user = User(username="export_report", role=Role.ADMIN, is_active=True)
        filters = make_filters(roadmap=roadmap, year=year, quarter=quarter, unit=unit, kind=options["kind"])
        exporter = exporter_for(report, user=system_user, filters=filters)
        with output.open("wb") as out:
            rows = exporter.write(fmt, out, delimiter=options["delimiter"])
        self.stdout.write(self.style.SUCCESS(f"{exporter.title}: {rows} baris ditulis ke {output}."))
