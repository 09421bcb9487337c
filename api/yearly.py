"""API v1, the road map's yearly results (read, staff only): the sasaran indicators with each year's target,
realisation and capaian, and the Indeks RB per year with its predikat.

Verifikator, Admin and Pimpinan read (api.permissions.IsStaff); an officer's token gets 403, the rows being the
road map's and no unit's. Nothing here writes: they are entered on the Sasaran Road Map and Evaluasi RB pages
(evaluations.services.yearly), so every method but GET is a 405 for staff.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.filters import IdFilter, year_filter
from api.permissions import IsStaff
from api.serializers import LIGHTS
from api.views import ReadOnlyViewSet
from areas.models import Element, StrategicIndicator
from evaluations.models import RbEvaluation
from evaluations.selectors import yearly

# --- serializers ------------------------------------------------------------------------------------------------


class SasaranRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    element = serializers.ChoiceField(choices=Element.choices)


class SasaranYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    realisasi = serializers.DecimalField(source="value", max_digits=16, decimal_places=4, allow_null=True)
    capaian = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="areas.scoring.capaian: realisasi atas target."
    )
    light = serializers.ChoiceField(choices=LIGHTS, allow_null=True)
    note = serializers.CharField()
    version = serializers.IntegerField()
    evidence = serializers.IntegerField(source="evidence_count", help_text="Jumlah berkas bukti dukung.")


class StrategicIndicatorSerializer(serializers.ModelSerializer):
    roadmap = serializers.IntegerField(source="strategic_target.roadmap_id", read_only=True)
    sasaran = SasaranRefSerializer(source="strategic_target", read_only=True)
    years = serializers.SerializerMethodField()

    class Meta:
        model = StrategicIndicator
        fields = ["id", "roadmap", "sasaran", "name", "satuan", "polarity", "baseline", "order", "years"]

    @extend_schema_field(SasaranYearSerializer(many=True))
    def get_years(self, indicator: StrategicIndicator) -> list[dict[str, Any]]:
        """Every year of the road map, with "—" (null) where nothing is entered yet."""
        out = []
        for year in indicator.strategic_target.roadmap.years:
            line = yearly.line_of(indicator, year)
            out.append(
                {
                    "year": year,
                    "target": line.target,
                    "value": line.value,
                    "capaian": line.capaian,
                    "light": line.light,
                    "note": line.note,
                    "version": line.version,
                    "evidence_count": len(line.evidence),
                }
            )
        return SasaranYearSerializer(out, many=True).data


class RbEvaluationSerializer(serializers.ModelSerializer):
    indeks = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, help_text="RB General + RB Tematik (docs/evaluasi-rb.md)."
    )
    predikat = serializers.CharField(read_only=True, help_text="AA > 90, A > 80, BB > 70, B > 60, CC > 50, C > 30, D.")
    has_document = serializers.SerializerMethodField()

    class Meta:
        model = RbEvaluation
        fields = [
            "id",
            "year",
            "roadmap",
            "general_value",
            "tematik_value",
            "indeks",
            "predikat",
            "lhe_number",
            "lhe_date",
            "has_document",
            "notes",
            "updated_at",
        ]

    @extend_schema_field(serializers.BooleanField())
    def get_has_document(self, evaluation: RbEvaluation) -> bool:
        """The LHE file is downloaded on the Evaluasi RB page (signed in), not through the API."""
        return bool(evaluation.document)


# --- filters ----------------------------------------------------------------------------------------------------


class StrategicIndicatorFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="strategic_target__roadmap_id", label=_("Road map (id)"))
    element = django_filters.ChoiceFilter(
        field_name="strategic_target__element", choices=Element.choices, label=_("Elemen")
    )

    class Meta:
        model = StrategicIndicator
        fields: list[str] = []


class RbEvaluationFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="roadmap_id", label=_("Road map (id)"))
    tahun = year_filter("year")

    class Meta:
        model = RbEvaluation
        fields: list[str] = []


# --- views ------------------------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Indikator sasaran road map dengan target, realisasi dan capaian per tahun (staf)"),
    retrieve=extend_schema(summary="Satu indikator sasaran road map (staf)"),
)
class StrategicIndicatorViewSet(ReadOnlyViewSet):
    serializer_class = StrategicIndicatorSerializer
    filterset_class = StrategicIndicatorFilter
    permission_classes = [IsStaff]

    def get_queryset(self) -> QuerySet[Any]:
        return yearly.strategic_indicators()


@extend_schema_view(
    list=extend_schema(summary="Hasil evaluasi RB per tahun: RB General, RB Tematik, Indeks RB, predikat (staf)"),
    retrieve=extend_schema(summary="Hasil evaluasi RB satu tahun (staf)"),
)
class RbEvaluationViewSet(ReadOnlyViewSet):
    serializer_class = RbEvaluationSerializer
    filterset_class = RbEvaluationFilter
    permission_classes = [IsStaff]

    def get_queryset(self) -> QuerySet[Any]:
        return RbEvaluation.objects.order_by("-year")
