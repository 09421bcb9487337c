"""System checks of the exports app."""

from __future__ import annotations

from typing import Any

import openpyxl
from django.core import checks


@checks.register(checks.Tags.security)
def openpyxl_uses_defusedxml(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The XLSX import relies on openpyxl parsing with defusedxml (entity bombs refused): it does so only when
    defusedxml is installed and OPENPYXL_DEFUSEDXML is not "False"."""
    if openpyxl.DEFUSEDXML:
        return []
    return [
        checks.Error(
            "openpyxl does not parse XML with defusedxml: an uploaded XLSX could hold an entity bomb.",
            hint="Install defusedxml (requirements.txt) and leave OPENPYXL_DEFUSEDXML unset.",
            id="exports.E001",
        )
    ]
