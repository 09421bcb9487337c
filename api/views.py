"""API v1 endpoints. Every queryset goes through roadmap.permissions.scope: an officer's token sees its
own unit only (another unit's report is a 404), and writes go through the report services with the
form's rules (errors mapped to JSON by api.exceptions). Views are thin: scope → serializer → service.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import filters, selectors, services
from api import serializers as s
from areas.models import ChangeArea, ElementAspect, RbTheme
from evaluations.exceptions import ReportLocked
from evaluations.models import Cycle, Report, today_wita
from evaluations.selectors.reports import capaian_by_report
from evaluations.services import reports as report_services
from roadmap import permissions
from roadmap.models import Roadmap


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = r"[0-9]+"


@extend_schema_view(list=extend_schema(summary="Road map"), retrieve=extend_schema(summary="Satu road map"))
class RoadmapViewSet(ReadOnlyViewSet):
    serializer_class = s.RoadmapSerializer
    queryset = Roadmap.objects.order_by("-start_year", "pk")


@extend_schema_view(list=extend_schema(summary="Perangkat daerah (operator: unitnya sendiri)"))
class UnitViewSet(ReadOnlyViewSet):
    serializer_class = s.UnitSerializer

    def get_queryset(self) -> QuerySet[Any]:
        return permissions.visible_units(self.request.user).order_by("name", "pk")


@extend_schema_view(list=extend_schema(summary="Area perubahan"))
class AreaViewSet(ReadOnlyViewSet):
    serializer_class = s.AreaSerializer
    queryset = ChangeArea.objects.order_by("-roadmap__start_year", "roadmap_id", "order")
    filterset_class = filters.FrameworkFilter


@extend_schema_view(list=extend_schema(summary="Aspek elemen (hard / soft)"))
class AspectViewSet(ReadOnlyViewSet):
    serializer_class = s.AspectSerializer
    queryset = ElementAspect.objects.order_by("-roadmap__start_year", "roadmap_id", "element", "order")
    filterset_class = filters.FrameworkFilter


@extend_schema_view(list=extend_schema(summary="Tema RB (General / Tematik)"))
class ThemeViewSet(ReadOnlyViewSet):
    serializer_class = s.ThemeSerializer
    queryset = RbTheme.objects.order_by("-roadmap__start_year", "roadmap_id", "order")
    filterset_class = filters.FrameworkFilter


@extend_schema_view(list=extend_schema(summary="Indikator dengan target tahunan dan triwulan"))
class IndicatorViewSet(ReadOnlyViewSet):
    serializer_class = s.IndicatorSerializer
    filterset_class = filters.IndicatorFilter

    def get_queryset(self) -> QuerySet[Any]:
        form = filters.IndicatorFilter(self.request.query_params).form
        clean = form.cleaned_data if form.is_valid() else {}
        return selectors.indicators_for(user=self.request.user, year=clean.get("tahun"), quarter=clean.get("triwulan"))


@extend_schema_view(list=extend_schema(summary="Periode evaluasi (triwulan)"))
class CycleViewSet(ReadOnlyViewSet):
    serializer_class = s.CycleSerializer
    filterset_class = filters.CycleFilter
    queryset = Cycle.objects.order_by("-year", "-quarter", "pk")


ReportProgressSerializer = inline_serializer(
    "ReportProgress", {"report": s.ReportSerializer(), "rows": s.ProgressSerializer(many=True)}
)


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=s.ErrorSerializer, description=description)


@extend_schema_view(list=extend_schema(summary="Laporan triwulan dan statusnya"))
class ReportViewSet(ReadOnlyViewSet):
    serializer_class = s.ReportSerializer
    filterset_class = filters.ReportFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.reports_for(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": today_wita()}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        assert page is not None
        context = {**self.get_serializer_context(), "capaian": capaian_by_report([r.pk for r in page])}
        return self.get_paginated_response(s.ReportSerializer(page, many=True, context=context).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(self._report_data(self.get_object()))

    def _report_data(self, report: Report) -> dict[str, Any]:
        context = {**self.get_serializer_context(), "capaian": capaian_by_report([report.pk])}
        return s.ReportSerializer(report, context=context).data

    def _progress_data(self, report: Report) -> dict[str, Any]:
        rows = selectors.progress_for(user=self.request.user).filter(report=report).order_by("indicator__code")
        return {
            "report": self._report_data(report),
            "rows": s.ProgressSerializer(rows, many=True, context=self.get_serializer_context()).data,
        }

    def _writable_report(self) -> Report:
        """The report through the user's scope (404 for another unit), then the right to enter data (403)."""
        report = self.get_object()
        self.check_object_permissions(self.request, report)
        if not permissions.can_enter_data(self.request.user, report.unit_id):
            self.permission_denied(self.request)
        reason = report.lock_reason(today_wita())
        if reason:
            raise ReportLocked(reason)
        return report

    @extend_schema(
        methods=["GET"],
        summary="Baris realisasi satu laporan (dengan versi untuk penyimpanan)",
        responses={200: ReportProgressSerializer},
        filters=False,
    )
    @extend_schema(
        methods=["POST"],
        summary="Simpan realisasi (Simpan Draf), semua atau tidak sama sekali",
        description=(
            "Baris mana pun yang salah membatalkan semuanya (400, pesan per isian di `fields`). "
            "Laporan terkunci atau versi yang sudah berubah: 409. Hanya operator unit itu sendiri (atau Admin)."
        ),
        request=s.ProgressWriteSerializer,
        responses={200: ReportProgressSerializer, 409: _error("Laporan terkunci, atau versi sudah berubah.")},
        filters=False,
    )
    @action(detail=True, methods=["get", "post"], url_path="progress", pagination_class=None, filterset_class=None)
    def progress(self, request: Request, pk: str | None = None) -> Response:
        if request.method == "GET":
            return Response(self._progress_data(self.get_object()))
        report = self._writable_report()
        serializer = s.ProgressWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = services.progress_inputs(report=report, rows=serializer.validated_data["rows"])
        report = report_services.report_save_draft(report=report, user=request.user, rows=rows)
        return Response(self._progress_data(report))

    @extend_schema(
        summary="Ajukan laporan",
        request=None,
        responses={
            200: s.ReportSerializer,
            400: _error("Laporan belum lengkap: `problems` menyebut yang kurang."),
            409: _error("Laporan terkunci atau statusnya tidak dapat diajukan."),
        },
        filters=False,
    )
    @action(detail=True, methods=["post"], pagination_class=None, filterset_class=None)
    def submit(self, request: Request, pk: str | None = None) -> Response:
        report = report_services.report_submit(report=self._writable_report(), user=request.user)
        return Response(self._report_data(report))


@extend_schema_view(list=extend_schema(summary="Realisasi per indikator: target, realisasi, capaian, lampu"))
class ProgressViewSet(ReadOnlyViewSet):
    serializer_class = s.ProgressSerializer
    filterset_class = filters.ProgressFilter

    def get_queryset(self) -> QuerySet[Any]:
        return selectors.progress_for(user=self.request.user)


class ScoresView(APIView):
    @extend_schema(
        summary="Nilai agregat Dasbor: keseluruhan, per area, per elemen, per tema, peringkat unit",
        description=(
            "Dihitung oleh lapisan baca Dasbor (angka yang sama). Nilai yang tidak dikenal atau di luar "
            "jangkauan kembali ke bawaan Dasbor; `filters` menyebut yang dipakai. Operator: unitnya sendiri."
        ),
        parameters=[s.ScoresQuerySerializer],
        responses={200: s.ScoresSerializer},
    )
    def get(self, request: Request) -> Response:
        query = s.ScoresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = selectors.scores(user=request.user, params=query.validated_data)
        return Response(s.ScoresSerializer(data).data)
