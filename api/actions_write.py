"""API v1: write one rencana aksi row's quarterly realisation, through the same service as the report form
(evaluations.services.actions.action_row_save).

`GET /api/v1/action-progress/{id}/realisasi/` gives the row with its version; `POST` the same path saves it.
Like the indicator rows' write (api.views.ReportViewSet.progress): the row is fetched through the user's scope
(another unit's row is a 404), then the right to enter data (Pimpinan, Verifikator: 403), then the report's lock
(409), the input (400, a message per field in `fields`), and the service's refusals (409 stale or locked, 400 by
field), in the API's one error shape (api.exceptions). A field left out keeps its stored value; `null` clears a
number. Numbers are JSON numbers or Indonesian text ("1.234.567,5"), read by roadmap.numbers.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from evaluations.exceptions import ReportLocked
from evaluations.forms import TEXT_MAX_LENGTH
from evaluations.models import ActionProgress, ActionStatus, today_wita
from evaluations.selectors.actions import action_rows_for
from evaluations.services.actions import action_row_save
from roadmap import numbers, permissions


@extend_schema_field(
    {
        "oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "maxLength": numbers.MAX_TEXT}],
        "nullable": True,
        "description": "Angka JSON, atau teks cara Indonesia: 85,5 atau 1.234.567,5. null mengosongkan.",
    }
)
class SizedAngkaField(s.AngkaField):
    """api.serializers.AngkaField for a column of another size (a percentage, Rupiah)."""

    def __init__(self, *, size: numbers.Size, **kwargs: Any) -> None:
        self.size = size
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal | None:
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            raise serializers.ValidationError(_("Bukan angka yang sah. Contoh: 85,5 atau 1.234,5."))
        try:
            return numbers.parse(data, self.size)
        except DjangoValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from error


def _text() -> serializers.CharField:
    return serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, trim_whitespace=True)


class ActionRowWriteSerializer(serializers.Serializer):
    """A rencana aksi row's input. Omitted fields keep their stored value."""

    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="Versi baris saat dibaca; penyimpanan ditolak jika sudah berubah."
    )
    status = serializers.ChoiceField(
        choices=["", *ActionStatus.values],
        required=False,
        allow_blank=True,
        help_text="belum_dimulai, berjalan, selesai, tidak_terlaksana; kosong = belum dilaporkan.",
    )
    progress = SizedAngkaField(size=numbers.PERCENT, required=False, help_text="Progres kumulatif 0–100 (%).")
    output_realised = SizedAngkaField(size=numbers.VALUE, required=False, help_text="Realisasi output kumulatif.")
    budget_realised = SizedAngkaField(
        size=numbers.RUPIAH, required=False, help_text="Realisasi anggaran kumulatif (Rp)."
    )
    penjelasan = _text()
    kendala = _text()
    rencana_tindak_lanjut = _text()


class ActionPlanRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    year = serializers.IntegerField()


class ActionRowSerializer(serializers.ModelSerializer):
    """A rencana aksi row of a quarterly report, as the write returns it."""

    report = serializers.IntegerField(source="report_id", read_only=True)
    unit = serializers.IntegerField(source="report.unit_id", read_only=True)
    cycle = s.CycleRefSerializer(source="report.cycle", read_only=True)
    plan = ActionPlanRefSerializer(source="assignment.plan", read_only=True)
    status_label = serializers.SerializerMethodField()

    class Meta:
        model = ActionProgress
        fields = [
            "id",
            "report",
            "unit",
            "cycle",
            "plan",
            "status",
            "status_label",
            "progress",
            "output_realised",
            "budget_realised",
            "penjelasan",
            "kendala",
            "rencana_tindak_lanjut",
            "version",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_status_label(self, row: ActionProgress) -> str | None:
        return str(ActionStatus(row.status).label) if row.status else None


def _error(description: str) -> OpenApiResponse:
    return OpenApiResponse(response=s.ErrorSerializer, description=description)


class ActionRowWriteView(APIView):
    """One rencana aksi row of a quarterly report: read it with its version, or save its realisation."""

    def _row(self, request: Request, pk: int) -> ActionProgress:
        return get_object_or_404(action_rows_for(user=request.user), pk=pk)

    @extend_schema(
        summary="Satu baris realisasi rencana aksi (dengan versi untuk penyimpanan)",
        responses={200: ActionRowSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(ActionRowSerializer(self._row(request, pk)).data)

    @extend_schema(
        summary="Simpan realisasi rencana aksi triwulan ini (Simpan Draf)",
        description=(
            "Isian yang salah: 400, pesan per isian di `fields` (mis. `progress`); tidak ada yang disimpan. "
            "Laporan terkunci atau versi yang sudah berubah: 409. Baris unit lain: 404. Hanya operator unit "
            "itu sendiri (atau Admin). Selesai berarti progres 100, Belum Dimulai 0."
        ),
        request=ActionRowWriteSerializer,
        responses={200: ActionRowSerializer, 409: _error("Laporan terkunci, atau versi sudah berubah.")},
    )
    def post(self, request: Request, pk: int) -> Response:
        row = self._row(request, pk)
        if not permissions.can_enter_data(request.user, row.report.unit_id):
            self.permission_denied(request)
        reason = row.report.lock_reason(today_wita())
        if reason:
            raise ReportLocked(reason)
        serializer = ActionRowWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version")
        try:
            saved = action_row_save(user=request.user, row=row, data=data, version=version)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        saved = action_rows_for(user=request.user).get(pk=saved.pk)
        return Response(ActionRowSerializer(saved).data)
