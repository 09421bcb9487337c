from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Road map")

    def ready(self) -> None:
        # The audit log's signal receivers (logins, failed logins, logouts, lockouts); imported in ready(), the
        # Django way: the module imports models, which are not loaded yet when apps.py is imported.
        from roadmap import audit  # noqa: F401
