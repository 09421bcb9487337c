"""API v1, rencana aksi (read): the plan with its groups, tahapan and pelaksana; the quarterly rows; the scores.

Scoped like the pages (roadmap.permissions.scope_any): staff read everything, an officer the actions their unit
carries out or coordinates, and the rows of those (a coordinator reads the other pelaksana's rows, read-only, once
submitted: Diajukan or Disetujui, as its pages count them).
The scores are dashboards.selectors.actions' (the Dasbor's numbers). Writing a row is another module's
(the action row's write endpoint goes through evaluations' service).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.filters import IdFilter, quarter_filter, year_filter
from api.serializers import CycleRefSerializer, ScoresQuerySerializer, UnitRefSerializer
from api.views import ReadOnlyViewSet
from areas import action_rules
from areas.models import ActionAssignment, ActionGroup, ActionKind, ActionPlan, ActionStage
from dashboards import selectors as dashboards
from dashboards.selectors import actions as action_scores
from dashboards.selectors.action_plans import visible_plans
from dashboards.selectors.filters import TOGGLE_PARAM, WITH_SUBMITTED
from evaluations.models import ActionProgress, ActionStatus, ReportStatus
from roadmap.permissions import scope_any

# --- serializers ------------------------------------------------------------------------------------------------


class ActionGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionGroup
        fields = ["id", "roadmap", "kind", "area", "theme", "code", "name", "order"]


class ActionStageSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionStage
        fields = ["quarter", "description", "planned_progress"]


class ActionAssignmentSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)

    class Meta:
        model = ActionAssignment
        fields = ["id", "unit", "output_target", "budget", "note"]


class ActionPlanSerializer(serializers.ModelSerializer):
    group = ActionGroupSerializer(read_only=True)
    coordinator = UnitRefSerializer(read_only=True)
    stages = ActionStageSerializer(many=True, read_only=True)
    assignments = ActionAssignmentSerializer(many=True, read_only=True)
    indicators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "roadmap",
            "year",
            "code",
            "name",
            "group",
            "output",
            "output_satuan",
            "output_target",
            "indicators",
            "budget",
            "coordinator",
            "start_quarter",
            "end_quarter",
            "quick_win",
            "is_active",
            "description",
            "stages",
            "assignments",
        ]


class ActionPlanRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "roadmap", "year", "code", "name", "start_quarter", "end_quarter"]


class ActionProgressSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    unit = serializers.IntegerField(source="report.unit_id", read_only=True)
    cycle = CycleRefSerializer(source="report.cycle", read_only=True)
    report_status = serializers.ChoiceField(source="report.status", choices=ReportStatus.choices, read_only=True)
    assignment = serializers.IntegerField(source="assignment_id", read_only=True)
    plan = ActionPlanRefSerializer(source="assignment.plan", read_only=True)
    budget = serializers.DecimalField(source="assignment.budget", max_digits=18, decimal_places=2, allow_null=True)
    planned_progress = serializers.SerializerMethodField()
    reached = serializers.SerializerMethodField()

    class Meta:
        model = ActionProgress
        fields = [
            "id",
            "report",
            "report_status",
            "unit",
            "cycle",
            "assignment",
            "plan",
            "status",
            "progress",
            "planned_progress",
            "reached",
            "output_realised",
            "budget",
            "budget_realised",
            "penjelasan",
            "kendala",
            "rencana_tindak_lanjut",
            "version",
            "updated_at",
        ]

    def _planned(self, row: ActionProgress) -> Decimal:
        plan = row.assignment.plan
        stages = {s.quarter: s.planned_progress for s in plan.stages.all()}  # prefetched
        return action_rules.planned_progress_at(stages, row.report.cycle.quarter, plan.end_quarter)

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=2))
    def get_planned_progress(self, row: ActionProgress) -> str:
        """The plan's cumulative progress (%) at this quarter: its latest tahapan, 100 from its end quarter."""
        return f"{self._planned(row):.2f}"

    @extend_schema_field(serializers.BooleanField())
    def get_reached(self, row: ActionProgress) -> bool:
        """Selesai, or progress at least the planned progress (areas.action_rules.reaches_plan)."""
        return action_rules.reaches_plan(row.status, row.progress, self._planned(row))


class ActionScoreSerializer(serializers.Serializer):
    due = serializers.IntegerField(help_text="Baris pelaksana yang sudah mulai (triwulan mulai <= triwulan ini).")
    reached = serializers.IntegerField(help_text="Yang jatuh tempo dan sesuai rencana (atau Selesai).")
    rate = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    budget = serializers.DecimalField(max_digits=20, decimal_places=2)
    realised = serializers.DecimalField(max_digits=20, decimal_places=2)
    absorption = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    late = serializers.IntegerField()


class ActionGroupScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    score = ActionScoreSerializer()


class LateActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text="Baris realisasi (action-progress).")
    plan = serializers.IntegerField(source="plan_id")
    plan_code = serializers.CharField()
    plan_name = serializers.CharField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    planned = serializers.DecimalField(max_digits=7, decimal_places=2)
    reason = serializers.ChoiceField(source="late_reason", choices=[action_scores.LATE_END, action_scores.LATE_BEHIND])


class ActionScoresFiltersSerializer(serializers.Serializer):
    roadmap = serializers.IntegerField(allow_null=True)
    tahun = serializers.IntegerField(allow_null=True)
    triwulan = serializers.IntegerField(allow_null=True)
    cycle = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    area = serializers.IntegerField(allow_null=True)
    tema = serializers.IntegerField(allow_null=True)
    termasuk_diajukan = serializers.BooleanField()
    statuses = serializers.ListField(child=serializers.CharField())


class ActionScoresSerializer(serializers.Serializer):
    filters = ActionScoresFiltersSerializer()
    overall = ActionScoreSerializer()
    general = ActionScoreSerializer()
    tematik = ActionScoreSerializer()
    areas = ActionGroupScoreSerializer(many=True)
    themes = ActionGroupScoreSerializer(many=True)
    groups = ActionGroupScoreSerializer(many=True)
    units = ActionGroupScoreSerializer(many=True)
    late = LateActionSerializer(many=True)


# --- filters ----------------------------------------------------------------------------------------------------


class ActionPlanFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="roadmap_id", label=_("Road map (id)"))
    tahun = year_filter("year")
    jenis = django_filters.ChoiceFilter(field_name="group__kind", choices=ActionKind.choices, label=_("Jenis"))
    group = IdFilter(field_name="group_id", label=_("Kegiatan utama / sasaran tematik (id)"))
    area = IdFilter(field_name="group__area_id", label=_("Area perubahan (id)"))
    tema = IdFilter(field_name="group__theme_id", label=_("Tema RB (id)"))
    unit = IdFilter(method="of_unit", label=_("Perangkat daerah (id): koordinator atau pelaksana"))
    coordinator = IdFilter(field_name="coordinator_id", label=_("Unit koordinator (id)"))
    quick_win = django_filters.BooleanFilter(field_name="quick_win", label=_("Quick win"))
    is_active = django_filters.BooleanFilter(field_name="is_active", label=_("Aktif"))
    code = django_filters.CharFilter(field_name="code", max_length=40, label=_("Kode rencana aksi"))

    class Meta:
        model = ActionPlan
        fields: list[str] = []

    def of_unit(self, qs: QuerySet[ActionPlan], name: str, value: int) -> QuerySet[ActionPlan]:
        carries = ActionAssignment.objects.filter(plan=OuterRef("pk"), unit_id=value)
        return qs.filter(Q(coordinator_id=value) | Q(Exists(carries)))


class ActionProgressFilter(django_filters.FilterSet):
    roadmap = IdFilter(field_name="report__cycle__roadmap_id", label=_("Road map (id)"))
    report = IdFilter(field_name="report_id", label=_("Laporan (id)"))
    tahun = year_filter("report__cycle__year")
    triwulan = quarter_filter("report__cycle__quarter")
    unit = IdFilter(field_name="report__unit_id", label=_("Perangkat daerah pelaksana (id)"))
    plan = IdFilter(field_name="assignment__plan_id", label=_("Rencana aksi (id)"))
    code = django_filters.CharFilter(field_name="assignment__plan__code", max_length=40, label=_("Kode rencana aksi"))
    status = django_filters.ChoiceFilter(
        field_name="report__status", choices=ReportStatus.choices, label=_("Status laporan")
    )
    action_status = django_filters.ChoiceFilter(
        field_name="status", choices=ActionStatus.choices, label=_("Status rencana aksi")
    )

    class Meta:
        model = ActionProgress
        fields: list[str] = []


# --- views ------------------------------------------------------------------------------------------------------


PELAKSANA = ActionAssignment.objects.select_related("unit").order_by("unit__name")


@extend_schema_view(
    list=extend_schema(summary="Rencana aksi: kegiatan utama / sasaran tematik, tahapan, pelaksana"),
    retrieve=extend_schema(summary="Satu rencana aksi"),
)
class ActionPlanViewSet(ReadOnlyViewSet):
    serializer_class = ActionPlanSerializer
    filterset_class = ActionPlanFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            visible_plans(user=self.request.user)
            .select_related("group", "coordinator")
            .prefetch_related(
                Prefetch("stages", queryset=ActionStage.objects.order_by("quarter")),
                Prefetch(
                    "assignments", queryset=ActionAssignment.objects.select_related("unit").order_by("unit__name")
                ),
                "indicators",
            )
            .order_by("roadmap_id", "year", "group__kind", "group__order", "code", "pk")
        )


@extend_schema_view(
    list=extend_schema(
        summary="Realisasi rencana aksi per pelaksana per triwulan, dengan rencana progresnya",
        description=(
            "Operator: baris unitnya sendiri, dan baris pelaksana lain dari rencana aksi yang dikoordinasi "
            "unitnya setelah laporannya diajukan (Diajukan atau Disetujui)."
        ),
    ),
    retrieve=extend_schema(summary="Satu baris realisasi rencana aksi"),
)
class ActionProgressViewSet(ReadOnlyViewSet):
    serializer_class = ActionProgressSerializer
    filterset_class = ActionProgressFilter

    def get_queryset(self) -> QuerySet[Any]:
        return (
            # Another unit's row of an action this unit coordinates: once submitted, as on the coordinator's pages
            # (the dashboards count submitted and approved reports at most), never that unit's draft.
            scope_any(
                ActionProgress.objects.all(),
                self.request.user,
                action_scores.UNIT_PATHS,
                shared_when=Q(report__status__in=WITH_SUBMITTED),
            )
            .select_related("report__cycle", "assignment__plan")
            .prefetch_related("assignment__plan__stages")
            .order_by(
                "-report__cycle__year", "-report__cycle__quarter", "report__unit__name", "assignment__plan__code", "pk"
            )
        )


def _filters(user: Any, params: dict[str, Any]) -> dashboards.DashboardFilters:
    query = QueryDict(mutable=True)
    for key, value in params.items():
        if key == TOGGLE_PARAM:
            if value:
                query[key] = "1"
        elif value is not None:
            query[key] = str(value)
    return dashboards.dashboard_filters(query=query, user=user)


def _score(s: action_scores.ActionScore) -> dict[str, Any]:
    return {
        "due": s.due,
        "reached": s.reached,
        "rate": s.rate,
        "budget": s.budget,
        "realised": s.realised,
        "absorption": s.absorption,
        "late": s.late,
    }


def _groups(rows: list[action_scores.Scored]) -> list[dict[str, Any]]:
    return [{"pk": r.pk, "code": r.code, "name": r.name, "score": _score(r.score)} for r in rows]


def action_scores_data(*, user: Any, params: dict[str, Any]) -> dict[str, Any]:
    """The Dasbor's rencana aksi numbers for the validated `params` (the dashboards' URL parameters)."""
    filters = _filters(user, params)
    scores = action_scores.action_scores(user=user, filters=filters)
    return {
        "filters": {
            "roadmap": filters.roadmap.pk if filters.roadmap else None,
            "tahun": filters.year,
            "triwulan": filters.quarter,
            "cycle": filters.cycle.pk if filters.cycle else None,
            "unit": filters.unit.pk if filters.unit else None,
            "area": filters.area.pk if filters.area else None,
            "tema": filters.theme.pk if filters.theme else None,
            "termasuk_diajukan": filters.include_submitted,
            "statuses": list(filters.statuses),
        },
        "overall": _score(scores.overall),
        "general": _score(scores.general),
        "tematik": _score(scores.tematik),
        "areas": _groups(scores.areas),
        "themes": _groups(scores.themes),
        "groups": _groups(scores.groups),
        "units": _groups(scores.units),
        "late": scores.late,
    }


class ActionScoresView(APIView):
    @extend_schema(
        summary="Tingkat implementasi rencana aksi, serapan anggaran dan rencana aksi terlambat (angka Dasbor)",
        description=(
            "Untuk triwulan yang dipilih: baris pelaksana yang jatuh tempo, yang sesuai rencana, tingkat "
            "implementasi (%), serapan anggaran (%), per jenis, area, tema, kegiatan utama dan unit, serta daftar "
            "yang terlambat. Hanya laporan yang dihitung Dasbor (Disetujui; juga Diajukan dengan "
            "`termasuk_diajukan`). Operator: unitnya sendiri."
        ),
        parameters=[ScoresQuerySerializer],
        responses={200: ActionScoresSerializer},
    )
    def get(self, request: Request) -> Response:
        query = ScoresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = action_scores_data(user=request.user, params=query.validated_data)
        return Response(ActionScoresSerializer(data).data)
