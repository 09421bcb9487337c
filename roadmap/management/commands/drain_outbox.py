from django.core.management.base import BaseCommand

from roadmap.ops import OutboxMessage
from roadmap.outbox import outbox_drain


class Command(BaseCommand):
    help = "Kirim ulang ke broker (Redis) tugas yang tersimpan di outbox selama broker tidak tersedia."

    def handle(self, *args: object, **options: object) -> None:
        published = outbox_drain()
        pending = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        self.stdout.write(f"Outbox: {published} tugas dikirim ulang, {pending} masih menunggu.")
        if pending:
            self.stderr.write("Broker masih belum dapat dihubungi; coba lagi nanti.")
            raise SystemExit(1)
