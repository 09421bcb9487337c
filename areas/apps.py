from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = _("Area perubahan dan indikator")

    def ready(self) -> None:
        from areas.signals import connect_signals

        connect_signals()
