"""API v1, LHE recommendations and their tindak lanjut (read): each recommendation with its evaluation, its units
and each unit's latest reported status (evaluations.selectors.recommendations, the Rekomendasi LHE page's rule);
the quarterly follow-up rows.

Scoped like the pages (roadmap.permissions.scope): staff read everything; an officer the recommendations of its
unit (with its own unit's line only) and its own reports' rows.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from api.filters import IdFilter, quarter_filter, year_filter
from api.serializers import CycleRefSerializer, UnitRefSerializer
from api.views import ReadOnlyViewSet
from evaluations.models import FollowUp, FollowUpStatus, Recommendation, ReportStatus, today_wita
from evaluations.selectors import recommendations as selectors
from roadmap.permissions import scope


class UnitStatusSerializer(serializers.Serializer):
    unit = UnitRefSerializer(source="assignment.unit")
    status = serializers.ChoiceField(choices=FollowUpStatus.choices, allow_blank=True)
    reported_in = CycleRefSerializer(source="latest.report.cycle", allow_null=True, default=None)
    explanation = serializers.CharField()
    overdue = serializers.BooleanField()


class RecommendationSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="evaluation.year", read_only=True)
    lhe_number = serializers.CharField(source="evaluation.lhe_number", read_only=True)
    lhe_date = serializers.DateField(source="evaluation.lhe_date", read_only=True)
    units = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "evaluation",
            "year",
            "lhe_number",
            "lhe_date",
            "number",
            "text",
            "due_year",
            "due_quarter",
            "units",
        ]

    @extend_schema_field(UnitStatusSerializer(many=True))
    def get_units(self, recommendation: Recommendation) -> list[dict[str, Any]]:
        """Each responsible unit the caller may see, with its latest reported status (Diajukan or Disetujui)."""
        latest = self.context["latest"]()
        today = today_wita()
        out = []
        for assignment in recommendation.visible:  # type: ignore[attr-defined]
            row = latest.get(assignment.pk)
            status = row.status if row is not None else ""
            line = selectors.UnitLine(
                assignment=assignment,
                latest=row,
                evidence=0,
                overdue=recommendation.is_past_due(today) and status != FollowUpStatus.SELESAI,
            )
            out.append(UnitStatusSerializer(line).data)
        return out


class FollowUpSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    report_status = serializers.ChoiceField(source="report.status", choices=ReportStatus.choices, read_only=True)
    unit = serializers.IntegerField(source="report.unit_id", read_only=True)
    cycle = CycleRefSerializer(source="report.cycle", read_only=True)
    recommendation = serializers.IntegerField(source="assignment.recommendation_id", read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "report",
            "report_status",
            "unit",
            "cycle",
            "recommendation",
            "status",
            "explanation",
            "version",
            "updated_at",
        ]


class RecommendationFilter(django_filters.FilterSet):
    tahun = year_filter("evaluation__year")
    unit = IdFilter(field_name="assignments__unit_id", label=_("Unit penanggung jawab (id)"))

    class Meta:
        model = Recommendation
        fields: list[str] = []


class FollowUpFilter(django_filters.FilterSet):
    report = IdFilter(field_name="report_id", label=_("Laporan (id)"))
    tahun = year_filter("report__cycle__year")
    triwulan = quarter_filter("report__cycle__quarter")
    unit = IdFilter(field_name="report__unit_id", label=_("Perangkat daerah (id)"))
    recommendation = IdFilter(field_name="assignment__recommendation_id", label=_("Rekomendasi (id)"))
    status = django_filters.ChoiceFilter(
        field_name="status", choices=FollowUpStatus.choices, label=_("Status tindak lanjut")
    )

    class Meta:
        model = FollowUp
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Rekomendasi LHE dengan unit penanggung jawab dan status tindak lanjut terakhirnya"),
    retrieve=extend_schema(summary="Satu rekomendasi LHE"),
)
class RecommendationViewSet(ReadOnlyViewSet):
    serializer_class = RecommendationSerializer
    filterset_class = RecommendationFilter

    def get_queryset(self) -> QuerySet[Any]:
        assignments = selectors.visible_assignments(user=self.request.user)
        return (
            Recommendation.objects.filter(assignments__in=assignments)
            .distinct()
            .select_related("evaluation")
            .prefetch_related(Prefetch("assignments", queryset=assignments, to_attr="visible"))
            .order_by("-evaluation__year", "number", "pk")
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        cache: dict[str, Any] = {}

        def latest() -> dict[int, FollowUp]:
            # One query for the page of recommendations being serialised, not one per recommendation.
            if "rows" not in cache:
                page = getattr(self, "_page_objects", None) or []
                cache["rows"] = selectors.latest_follow_ups([a.pk for r in page for a in r.visible])
            return cache["rows"]

        context["latest"] = latest
        return context

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        self._page_objects = page if page is not None else list(queryset)
        return page

    def get_object(self) -> Any:
        obj = super().get_object()
        self._page_objects = [obj]
        return obj


@extend_schema_view(
    list=extend_schema(summary="Tindak lanjut rekomendasi LHE per unit per triwulan"),
    retrieve=extend_schema(summary="Satu baris tindak lanjut rekomendasi"),
)
class FollowUpViewSet(ReadOnlyViewSet):
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            scope(FollowUp.objects.all(), self.request.user, "report__unit")
            .select_related("report__cycle", "assignment")
            .order_by("-report__cycle__year", "-report__cycle__quarter", "report__unit__name", "pk")
        )
