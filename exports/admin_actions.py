"""The admin action "Ekspor ke XLSX/CSV" of the selected rows, for the main lists.

Attached in ExportsConfig.ready() to the ModelAdmins of Unit, Indicator, Report and Reminder
only (site-wide admin.site.add_action would put it on every list, users included).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from exports.base import CONTENT_TYPES, Column, Exporter

EXPORTED_MODELS = ("roadmap.Unit", "areas.Indicator", "evaluations.Report", "evaluations.Reminder")


class QuerySetExporter(Exporter):
    """Every concrete field of the selected rows; a foreign key as its text, a choice as its label."""

    def __init__(self, queryset: QuerySet[Model]) -> None:
        self.queryset = queryset
        self.model = queryset.model
        self.fields = list(self.model._meta.concrete_fields)
        self.title = str(self.model._meta.verbose_name_plural).title()

    def columns(self) -> Sequence[Column]:
        out = []
        for f in self.fields:
            kind = "number" if f.get_internal_type() in ("DecimalField", "FloatField") else "text"
            if f.get_internal_type() in (
                "IntegerField",
                "PositiveIntegerField",
                "PositiveSmallIntegerField",
                "BigAutoField",
                "AutoField",
                "BigIntegerField",
                "PositiveBigIntegerField",
            ):
                kind = "integer"
            if f.get_internal_type() in ("DateField", "DateTimeField"):
                kind = "date"
            out.append(Column(str(f.verbose_name).capitalize(), kind, 18))
        return out

    def rows(self) -> Iterator[Sequence[Any]]:
        related = [f.name for f in self.fields if f.is_relation]
        for obj in self.queryset.select_related(*related).iterator(chunk_size=500):
            yield [self._value(obj, f) for f in self.fields]

    @staticmethod
    def _value(obj: Model, f: Any) -> Any:
        if f.is_relation:
            target = getattr(obj, f.name)
            return str(target) if target is not None else None
        if f.choices:
            return str(getattr(obj, f"get_{f.name}_display")())
        value = getattr(obj, f.attname)
        if isinstance(value, bool):
            return _("Ya") if value else _("Tidak")
        if value is None or isinstance(value, int | float | Decimal | str | dt.date):
            return value
        return str(value)  # UUIDs, JSON …: as text

    def filename_stem(self) -> str:
        return slugify(str(self.model._meta.verbose_name_plural)) or self.model._meta.model_name or "data"


def _response(queryset: QuerySet[Model], fmt: str) -> FileResponse | StreamingHttpResponse:
    exporter = QuerySetExporter(queryset)
    if fmt == "csv":
        response = StreamingHttpResponse(exporter.iter_csv(delimiter=","), content_type=CONTENT_TYPES["csv"])
        response["Content-Disposition"] = f'attachment; filename="{exporter.filename("csv")}"'
        return response
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    exporter.write_xlsx(tmp)
    tmp.seek(0)
    return FileResponse(tmp, as_attachment=True, filename=exporter.filename("xlsx"), content_type=CONTENT_TYPES["xlsx"])


@admin.action(description=_("Ekspor ke XLSX"))
def export_selected_xlsx(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Model]
) -> FileResponse | StreamingHttpResponse:
    return _response(queryset, "xlsx")


@admin.action(description=_("Ekspor ke CSV"))
def export_selected_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Model]
) -> FileResponse | StreamingHttpResponse:
    return _response(queryset, "csv")


EXPORT_ACTIONS: tuple[Callable[..., Any], ...] = (export_selected_xlsx, export_selected_csv)


def attach_export_actions(site: admin.AdminSite | None = None) -> None:
    """Append the two actions to the ModelAdmins of EXPORTED_MODELS (idempotent)."""
    site = site or admin.site
    for label in EXPORTED_MODELS:
        model_admin = site._registry.get(apps.get_model(label))
        if model_admin is None:
            continue
        actions = list(model_admin.actions or [])
        for action in EXPORT_ACTIONS:
            if action not in actions:
                actions.append(action)
        model_admin.actions = actions
