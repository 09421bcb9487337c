from django.core.management.base import BaseCommand

from roadmap.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Muat data demo Kabupaten PPU (idempoten: dijalankan dua kali, baris tetap sama)."

    def handle(self, *args: object, **options: object) -> None:
        result = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo siap: {result.units} perangkat daerah, {result.indicators} indikator, "
                f"{result.targets} target triwulan, {result.users} pengguna (kata sandi demo: {DEMO_PASSWORD})."
            )
        )
