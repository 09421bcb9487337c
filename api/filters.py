"""Query filters of the list endpoints: tahun, triwulan, unit, area … (the dashboards' parameter names)."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from areas.models import Element, Indicator, IndicatorKind
from evaluations.models import Cycle, CycleState, Progress, Report, ReportStatus

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """An id: a whole positive number (NumberFilter alone would take 1.5 or 1e3)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def year_filter(field_name: str) -> IdFilter:
    return IdFilter(field_name=field_name, label=_("Tahun"), min_value=1, max_value=9999)


def quarter_filter(field_name: str) -> IdFilter:
    return IdFilter(field_name=field_name, label=_("Triwulan (1–4)"), min_value=1, max_value=4)


class FrameworkFilter(django_filters.FilterSet):
    """The areas, aspects and themes of one road map (each road map has its own framework)."""

    roadmap = IdFilter(field_name="roadmap_id", label=_("Road map (id)"))


class IndicatorFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="roadmap_id", label=_("Road map (id)"))
    unit = IdFilter(field_name="unit_id", label=_("Perangkat daerah (id)"))
    area = IdFilter(field_name="area_id", label=_("Area perubahan (id)"))
    aspect = IdFilter(field_name="aspect_id", label=_("Aspek elemen (id)"))
    tema = IdFilter(field_name="theme_id", label=_("Tema RB (id)"))
    elemen = django_filters.ChoiceFilter(field_name="aspect__element", choices=Element.choices, label=_("Elemen"))
    jenis = django_filters.ChoiceFilter(field_name="kind", choices=IndicatorKind.choices, label=_("Jenis indikator"))
    code = django_filters.CharFilter(field_name="code", max_length=40, label=_("Kode indikator"))
    tahun = IdFilter(method="in_year", min_value=1, max_value=9999, label=_("Tahun (juga membatasi target)"))
    triwulan = IdFilter(method="any_quarter", min_value=1, max_value=4, label=_("Triwulan (membatasi target triwulan)"))

    class Meta:
        model = Indicator
        fields: list[str] = []

    def in_year(self, qs: QuerySet[Indicator], name: str, value: int) -> QuerySet[Indicator]:
        return qs.filter(roadmap__start_year__lte=value, roadmap__end_year__gte=value)

    def any_quarter(self, qs: QuerySet[Indicator], name: str, value: int) -> QuerySet[Indicator]:
        return qs  # limits the nested quarterly targets only (the view's prefetch)


class CycleFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="roadmap_id", label=_("Road map (id)"))
    tahun = year_filter("year")
    triwulan = quarter_filter("quarter")
    state = django_filters.ChoiceFilter(choices=CycleState.choices, label=_("Status periode"))

    class Meta:
        model = Cycle
        fields: list[str] = []


class ReportFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="cycle__roadmap_id", label=_("Road map (id)"))
    cycle = IdFilter(field_name="cycle_id", label=_("Periode (id)"))
    tahun = year_filter("cycle__year")
    triwulan = quarter_filter("cycle__quarter")
    unit = IdFilter(field_name="unit_id", label=_("Perangkat daerah (id)"))
    status = django_filters.ChoiceFilter(choices=ReportStatus.choices, label=_("Status laporan"))

    class Meta:
        model = Report
        fields: list[str] = []


class ProgressFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="report__cycle__roadmap_id", label=_("Road map (id)"))
    report = IdFilter(field_name="report_id", label=_("Laporan (id)"))
    tahun = year_filter("report__cycle__year")
    triwulan = quarter_filter("report__cycle__quarter")
    unit = IdFilter(field_name="report__unit_id", label=_("Perangkat daerah (id)"))
    area = IdFilter(field_name="indicator__area_id", label=_("Area perubahan (id)"))
    indicator = django_filters.CharFilter(field_name="indicator__code", max_length=40, label=_("Kode indikator"))
    jenis = django_filters.ChoiceFilter(
        field_name="indicator__kind", choices=IndicatorKind.choices, label=_("Jenis indikator")
    )
    status = django_filters.ChoiceFilter(
        field_name="report__status", choices=ReportStatus.choices, label=_("Status laporan")
    )

    class Meta:
        model = Progress
        fields: list[str] = []
