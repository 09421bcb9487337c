"""close_cycles: close the open cycles past their closing date (what the 07:00 job does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evaluations.models import today_wita
from evaluations.services import scheduling

from ._output import DRY_RUN_PREFIX, parse_date, tanggal


class Command(BaseCommand):
    help = "Menutup periode evaluasi yang tanggal penutupannya sudah lewat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Tanggal acuan YYYY-MM-DD (bawaan: hari ini, WITA)")
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan yang akan dilakukan tanpa mengubah")

    def handle(self, *args: Any, date: str | None, dry_run: bool, **options: Any) -> None:
        today = parse_date(date) or today_wita()
        prefix = DRY_RUN_PREFIX if dry_run else ""
        closed = scheduling.close_due_cycles(today=today, dry_run=dry_run)
        if not closed:
            self.stdout.write(f"{prefix}Tidak ada periode yang perlu ditutup per {tanggal(today)}.")
            return
        verb = "akan ditutup" if dry_run else "ditutup"
        for cycle in closed:
            self.stdout.write(
                f"{prefix}Periode {cycle.label} ({cycle.roadmap}) {verb} "
                f"(tanggal penutupan {tanggal(cycle.closes_on)})."
            )
