"""open_cycle: open one quarter's evaluation cycle by hand and e-mail each unit's officers once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from evaluations.models import Cycle, CycleState, quarter_label, today_wita
from evaluations.services import scheduling
from roadmap.models import Roadmap

from ._output import DRY_RUN_PREFIX, addresses, tanggal


class Command(BaseCommand):
    help = (
        "Membuka periode evaluasi satu triwulan (membuat laporan setiap perangkat daerah yang memiliki target) "
        "dan mengirim email pembukaan kepada operator setiap unit, satu kali."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, required=True, help="Tahun, mis. 2025")
        parser.add_argument("--quarter", type=int, required=True, choices=[1, 2, 3, 4], help="Triwulan 1–4")
        parser.add_argument("--roadmap", type=int, help="ID road map (bawaan: road map yang aktif)")
        parser.add_argument("--dry-run", action="store_true", help="Tampilkan yang akan dilakukan tanpa mengubah")

    def handle(self, *args: Any, year: int, quarter: int, roadmap: int | None, dry_run: bool, **options: Any) -> None:
        rm = self._roadmap(roadmap)
        if not rm.contains_year(year):
            raise CommandError(f"Tahun {year} di luar {rm} ({rm.start_year}–{rm.end_year}).")
        label = f"{quarter_label(quarter)} {year}"
        existing = Cycle.objects.filter(roadmap=rm, year=year, quarter=quarter).first()
        if existing is not None and existing.state == CycleState.CLOSED:
            raise CommandError(
                f"Periode {label} ({rm}) sudah ditutup. Buka kembali laporan unit tertentu dari halaman verifikasi."
            )
        ref = scheduling.QuarterRef(rm, year, quarter)
        outcome = scheduling.handle_one_opening(ref=ref, today=today_wita(), dry_run=dry_run)
        prefix = DRY_RUN_PREFIX if dry_run else ""
        cycle = outcome.cycle
        if dry_run:
            state = "sudah dibuka" if cycle and cycle.is_open else "akan dibuka"
        else:
            state = "dibuka" if outcome.opened else "sudah dibuka sebelumnya"
        self.stdout.write(f"{prefix}Periode evaluasi {label} ({rm}) {state}.")
        if cycle is not None:
            self.stdout.write(f"{prefix}Batas waktu {tanggal(cycle.due_on)}, ditutup {tanggal(cycle.closes_on)}.")
        verb = "akan dikirimi email" if dry_run else "dikirimi email"
        sent = 0
        for notice in outcome.notices:
            if notice.recipients.to:
                sent += 1
                self.stdout.write(f"{prefix}  - {notice.unit.name}: {verb} ke {addresses(notice.recipients.to)}")
            else:
                self.stdout.write(
                    self.style.WARNING(f"{prefix}  - {notice.unit.name}: TANPA EMAIL OPERATOR, email tidak dikirim")
                )
        missing = len(outcome.notices) - sent
        if dry_run:
            summary = f"{prefix}{len(outcome.notices)} perangkat daerah, {sent} email akan dikirim"
        else:
            summary = f"{len(outcome.notices)} perangkat daerah, {sent} email masuk antrean pengiriman"
        if missing:
            summary += f", {missing} tanpa email operator"
        self.stdout.write(self.style.SUCCESS(summary + "."))

    def _roadmap(self, roadmap_id: int | None) -> Roadmap:
        if roadmap_id is not None:
            rm = Roadmap.objects.filter(pk=roadmap_id).first()
            if rm is None:
                raise CommandError(f"Road map dengan ID {roadmap_id} tidak ada.")
            return rm
        rm = Roadmap.objects.filter(is_active=True).first()
        if rm is None:
            raise CommandError("Tidak ada road map yang aktif. Gunakan --roadmap ID.")
        return rm
