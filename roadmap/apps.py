from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Road map")

    def ready(self) -> None:
        # The audit log's signal receivers (logins, failed logins, logouts, lockouts).
        from roadmap import audit  # noqa: F401
