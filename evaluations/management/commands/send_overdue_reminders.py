"""send_overdue_reminders: today's overdue reminders by hand (what the 08:00 job does)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from evaluations.models import today_wita
from evaluations.services import reminders

from ._output import DRY_RUN_PREFIX, addresses, parse_date, tanggal


class Command(BaseCommand):
    help = (
        "Mengirim pengingat kepada perangkat daerah yang laporannya terlambat (satu kali sehari per laporan; "
        "kepala unit ikut dikirimi setelah terlambat beberapa hari)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Tanggal pengiriman YYYY-MM-DD (bawaan: hari ini, WITA)")
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan yang akan dilakukan tanpa mengirim")

    def handle(self, *args: Any, date: str | None, dry_run: bool, **options: Any) -> None:
        today = parse_date(date) or today_wita()
        prefix = DRY_RUN_PREFIX if dry_run else ""
        lines = reminders.remind_overdue(today=today, dry_run=dry_run)
        self.stdout.write(f"{prefix}Pengingat keterlambatan per {tanggal(today)}:")
        if not lines:
            self.stdout.write(f"{prefix}Tidak ada laporan yang terlambat.")
            return
        claimed = skipped = missing = 0
        for line in lines:
            report = line.report
            head = f"{prefix}  - {report.unit.name} ({report.cycle.label}, terlambat {line.days_overdue} hari)"
            if line.already_reminded:
                skipped += 1
                self.stdout.write(f"{head}: sudah diingatkan hari ini, dilewati")
                continue
            if not line.recipients.to:
                missing += 1
                self.stdout.write(self.style.WARNING(f"{head}: TANPA EMAIL OPERATOR, email tidak dikirim"))
                continue
            claimed += 1
            verb = "akan dikirim ke" if dry_run else "dikirim ke"
            text = f"{head}: {verb} {addresses(line.recipients.to)}; tembusan {addresses(line.recipients.cc)}"
            if line.recipients.escalated:
                text += " (diteruskan ke kepala unit)"
            self.stdout.write(text)
        verb = "akan dikirim" if dry_run else "masuk antrean pengiriman"
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(lines)} laporan terlambat: {claimed} pengingat {verb}, "
                f"{skipped} sudah diingatkan hari ini, {missing} tanpa email operator."
            )
        )
