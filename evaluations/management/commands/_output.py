"""Shared wording of the scheduling commands' output (Indonesian)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.formats import date_format

DRY_RUN_PREFIX = "[uji coba] "


def tanggal(value: dt.date) -> str:
    """A date the Indonesian way: 10 April 2025."""
    with translation.override("id"):
        return date_format(value, "j F Y")


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Tanggal tidak valid: {value!r}. Gunakan format YYYY-MM-DD.") from exc


def addresses(values: list[str]) -> str:
    return ", ".join(values) if values else "—"
