"""What the demo last built: for which day, which cycle it left open, and whether it made that cycle's window."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from evaluations.models import Cycle


class DemoState(models.Model):
    """One row (pk 1), written by seed_demo. A production database never has one.

    `demo_window` says that the open cycle's dates were set by the demo rather than by the default window,
    so the pages can say so ("Demo: TW III 2026 dibuka sampai …"); see demo.context_processors.
    """

    built_for = models.DateField(_("dibangun untuk tanggal"))
    cycle = models.OneToOneField(
        Cycle, verbose_name=_("periode yang dibuka"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    demo_window = models.BooleanField(_("jadwal dibuat data demo"), default=False)

    class Meta:
        verbose_name = _("keadaan data demo")
        verbose_name_plural = _("keadaan data demo")

    def __str__(self) -> str:
        return f"{self.built_for}"
