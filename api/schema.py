"""OpenAPI post-processing: every operation documents the error shape of api.exceptions for its error codes."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

ERROR_REF = {"$ref": "#/components/schemas/Error"}


def _descriptions() -> dict[str, str]:
    return {
        "400": _("Isian atau parameter tidak sah."),
        "401": _("Tanpa token, token tidak sah, atau token sudah dicabut."),
        "403": _("Peran ini tidak berhak (mis. Pimpinan hanya membaca)."),
        "404": _("Tidak ditemukan, atau milik unit lain."),
        "429": _("Terlalu banyak permintaan untuk token ini."),
    }


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    if "Error" not in result.get("components", {}).get("schemas", {}):
        return result
    for path, operations in result.get("paths", {}).items():
        if path.endswith("/schema/") or path.endswith("/docs/"):
            continue
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in _descriptions().items():
                operation["responses"].setdefault(
                    code, {"description": description, "content": {"application/json": {"schema": ERROR_REF}}}
                )
    return result
