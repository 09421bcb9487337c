"""`python manage.py import_rencana_aksi FILE [--dry-run] [--roadmap ID]`: the Impor rencana aksi page's import.

The same validation and the same all-or-nothing apply (exports.plan_importer); every error is printed as the page
lists it (sheet, row, column, message), and the command fails (exit status 1) when there is any.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from exports import plan_importer
from roadmap.models import Roadmap


class Command(BaseCommand):
    help = "Mengimpor rencana aksi (kegiatan, rencana aksi, pelaksana, tahapan) dari berkas XLSX templat impor."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="berkas XLSX (templat impor rencana aksi)")
        parser.add_argument("--dry-run", action="store_true", help="hanya periksa, tidak menyimpan apa pun")
        parser.add_argument("--roadmap", type=int, help="id road map (kosong: road map aktif)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Berkas {path} tidak ada.")
        roadmap = (
            Roadmap.objects.filter(pk=options["roadmap"]).first()
            if options["roadmap"]
            else Roadmap.objects.filter(is_active=True).first()
        )
        if roadmap is None:
            raise CommandError("Road map tidak ditemukan (tidak ada road map aktif?).")
        with path.open("rb") as handle:
            result = plan_importer.import_plan(file=handle, roadmap=roadmap, apply=not options["dry_run"])
        for sheet, row, column, message in result.errors:
            where = f"Lembar {sheet} baris {row} kolom {column}: " if sheet else ""
            self.stderr.write(f"{where}{message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} kesalahan ditemukan; tidak ada yang disimpan.")
        if result.applied:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Impor diterapkan ke {roadmap.name}: {result.group_count} kegiatan, {result.plan_count} rencana "
                    f"aksi, {result.assignment_count} pelaksana, {result.stage_count} tahapan."
                )
            )
        else:
            self.stdout.write(f"Tidak ada kesalahan ({len(result.rows)} baris); uji coba, tidak ada yang disimpan.")
