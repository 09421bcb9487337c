"""`python manage.py seed_demo [--reset]`: the demo of Kabupaten PPU, with its history up to today (demo.seed)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.formats import date_format

from demo.seed import HistoryStatus, seed_demo
from demo.units import DEMO_PASSWORD
from evaluations.models import quarter_label


class Command(BaseCommand):
    help = (
        "Muat data demo Kabupaten PPU dengan riwayat sampai hari ini (idempoten: dijalankan dua kali pada hari "
        "yang sama, baris tetap sama). --reset membangun ulang riwayatnya."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="Hapus riwayat demo dan bangun ulang untuk hari ini.")

    def handle(self, *args: object, **options: object) -> None:
        started = time.monotonic()
        result = seed_demo(reset=bool(options["reset"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo siap: {result.units} perangkat daerah, {result.indicators} indikator, "
                f"{result.targets} target triwulan, {result.actions} rencana aksi, {result.users} pengguna "
                f"(kata sandi demo: {DEMO_PASSWORD})."
            )
        )
        plan = result.plan
        if plan is None:
            return
        with translation.override("id"):
            current = f"{quarter_label(plan.current[1])} {plan.current[0]}"
            until = date_format(plan.window.closes_on, "j F Y")
        if result.history == HistoryStatus.BUILT:
            self.stdout.write(
                f"Riwayat demo dibangun: {len(plan.history)} triwulan, {result.reports} laporan; "
                f"{current} dibuka sampai {until} ({time.monotonic() - started:.1f} detik)."
            )
        elif result.history == HistoryStatus.KEPT:
            self.stdout.write(f"Riwayat demo sudah ada dan masih berlaku; {current} dibuka.")
        else:
            self.stdout.write(
                self.style.WARNING(
                    "Basis data ini sudah memiliki periode evaluasi yang tidak dibuat oleh data demo; riwayat "
                    "demo tidak dibangun. Jalankan `seed_demo --reset` untuk menggantinya dengan riwayat demo."
                )
            )
