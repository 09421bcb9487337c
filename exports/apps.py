from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "exports"
    verbose_name = _("Ekspor dan impor")

    def ready(self) -> None:
        # The admin modules of the other apps are imported by AdminConfig.ready(), which runs first
        # ("django.contrib.admin" is the first installed app), so their ModelAdmins exist now.
        from exports import checks  # noqa: F401 - registers the system checks
        from exports.admin_actions import attach_export_actions

        attach_export_actions()
