from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from roadmap.proxies import parse_networks


class RoadmapConfig(AppConfig):
    name = "roadmap"
    verbose_name = _("Road map")

    def ready(self) -> None:
        # The audit log's signal receivers (logins, failed logins, logouts, lockouts) and the deployment's system
        # checks; imported in ready(), the Django way: audit imports models, which are not loaded when apps.py is.
        from roadmap import audit, checks  # noqa: F401

        # A mistyped TRUSTED_PROXIES stops the start-up rather than trusting nobody (or everybody) silently.
        parse_networks(settings.TRUSTED_PROXIES)
