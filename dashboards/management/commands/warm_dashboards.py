from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from dashboards.warm import warm_dashboards


class Command(BaseCommand):
    help = "Render the Dasbor of every quarter of the active road map into the cache (once per data change)."

    def handle(self, *args: Any, **options: Any) -> None:
        rendered = warm_dashboards()
        self.stdout.write(_("%(n)d halaman Dasbor disiapkan.") % {"n": rendered})
