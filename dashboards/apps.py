from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dasbor")

    def ready(self) -> None:
        # Cached aggregates are invalidated by every write that can change a number (admin and import too), from
        # the model signals and the evaluations' domain signals (evaluations/signals.py). Imported here, the
        # Django way: these modules import models, which are not loaded yet when apps.py is imported.
        from dashboards import summary
        from dashboards.selectors.cache import connect_signals

        connect_signals()
        summary.connect_signals()  # the summary table follows the progress rows in the same transaction
