"""What the API shows and accepts. Numbers are decimal strings ("85.5000") on the way out, exact;
on the way in a realisasi may be a JSON number or an Indonesian string ("1.234,5"), read by
roadmap.numbers, the rules of the report form and the XLSX import."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas import scoring
from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorKind,
    IndicatorTarget,
    RbTheme,
)
from areas.scale import capaian_scale
from evaluations.forms import TEXT_MAX_LENGTH
from evaluations.models import Cycle, Progress, Report, today_wita
from roadmap import numbers
from roadmap.models import Roadmap, Unit

LIGHTS = [choice for choice, _label in scoring.TrafficLight.choices]


class RoadmapSerializer(serializers.ModelSerializer):
    class Meta:
        model = Roadmap
        fields = ["id", "name", "start_year", "end_year", "legal_basis", "is_active"]


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "slug", "kind", "parent", "is_active"]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class AreaSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeArea
        fields = ["id", "roadmap", "code", "order", "name", "description"]


class AspectSerializer(serializers.ModelSerializer):
    class Meta:
        model = ElementAspect
        fields = ["id", "roadmap", "code", "name", "element", "order"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = RbTheme
        fields = ["id", "roadmap", "code", "name", "kind", "order", "description"]


class AnnualTargetSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorAnnualTarget
        fields = ["year", "value", "value_upper", "due_quarter"]


class QuarterTargetSerializer(serializers.ModelSerializer):
    # The flag is the indicator's since issue 18 (one per indicator); kept here for the clients that read it.
    # The prefetch of the targets sets each one's indicator, so this costs no query.
    cumulative = serializers.BooleanField(source="indicator.cumulative", read_only=True)

    class Meta:
        model = IndicatorTarget
        fields = ["year", "quarter", "value", "value_upper", "cumulative"]


class IndicatorSerializer(serializers.ModelSerializer):
    annual_targets = AnnualTargetSerializer(many=True, read_only=True)
    quarterly_targets = QuarterTargetSerializer(many=True, read_only=True, source="targets")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "code",
            "name",
            "roadmap",
            "unit",
            "area",
            "aspect",
            "theme",
            "satuan",
            "polarity",
            "kind",
            "cumulative",
            "baseline",
            "weight",
            "requires_evidence",
            "is_active",
            "definition",
            "data_source",
            "annual_targets",
            "quarterly_targets",
        ]


class IndicatorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["id", "code", "name", "satuan", "polarity", "kind", "weight", "area", "aspect", "theme"]


class CycleSerializer(serializers.ModelSerializer):
    label = serializers.SerializerMethodField()

    class Meta:
        model = Cycle
        fields = ["id", "roadmap", "year", "quarter", "label", "opens_on", "due_on", "closes_on", "state"]

    def get_label(self, cycle: Cycle) -> str:
        return cycle.label


class CycleRefSerializer(CycleSerializer):
    class Meta(CycleSerializer.Meta):
        fields = ["id", "roadmap", "year", "quarter", "label", "state"]


class ReportSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(read_only=True)
    cycle = CycleRefSerializer(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    due_on = serializers.SerializerMethodField()
    terlambat = serializers.SerializerMethodField()
    lock_reason = serializers.SerializerMethodField()
    capaian = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "unit",
            "cycle",
            "status",
            "status_label",
            "due_on",
            "terlambat",
            "lock_reason",
            "capaian",
            "submitted_at",
            "first_submitted_at",
            "approved_at",
            "returned_at",
            "revision_due_on",
            "reopened_until",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_due_on(self, report: Report) -> str:
        """The due date that applies: the cycle's, or the report's own revision date when it was returned."""
        return report.effective_due_on().isoformat()

    def get_terlambat(self, report: Report) -> bool:
        return report.is_overdue(self.context.get("today") or today_wita())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_lock_reason(self, report: Report) -> str | None:
        """Why the unit cannot edit now; null when it can."""
        return report.lock_reason(self.context.get("today") or today_wita())

    @extend_schema_field(serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True))
    def get_capaian(self, report: Report) -> str | None:
        """Weighted mean of the rows' clipped capaian (the Laporan Triwulan list's number)."""
        value = self.context.get("capaian", {}).get(report.pk)
        return None if value is None else f"{value:.2f}"


class ProgressSerializer(serializers.ModelSerializer):
    report = serializers.IntegerField(source="report_id", read_only=True)
    unit = serializers.IntegerField(source="report.unit_id", read_only=True)
    cycle = CycleRefSerializer(source="report.cycle", read_only=True)
    indicator = IndicatorRefSerializer(read_only=True)
    target = serializers.DecimalField(source="target_value", max_digits=16, decimal_places=4, allow_null=True)
    target_upper = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True, read_only=True)
    light = serializers.SerializerMethodField()

    class Meta:
        model = Progress
        fields = [
            "id",
            "report",
            "unit",
            "cycle",
            "indicator",
            "target",
            "target_upper",
            "realisasi",
            "realisasi_to_date",
            "milestone_done",
            "not_yet_due",
            "capaian",
            "light",
            "penjelasan",
            "kendala",
            "rencana_tindak_lanjut",
            "version",
            "updated_at",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=LIGHTS, allow_null=True))
    def get_light(self, progress: Progress) -> str | None:
        """Traffic light of the clipped capaian on the admin's thresholds (default hijau ≥ 85, kuning ≥ 60, merah
        below); null without capaian."""
        light = scoring.traffic_light(scoring.clip(progress.capaian), capaian_scale().lights)
        return None if light is None else str(light)


# --- the write ------------------------------------------------------------------


@extend_schema_field(
    {
        "oneOf": [{"type": "number", "minimum": 0}, {"type": "string", "maxLength": numbers.MAX_TEXT}],
        "nullable": True,
        "description": "Angka JSON, atau teks cara Indonesia: 85,5 atau 1.234,5. null mengosongkan.",
    }
)
class AngkaField(serializers.Field):
    """A realisasi: a JSON number, or text the Indonesian way; read by roadmap.numbers."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Decimal | None:
        # A string is what a person typed; a JSON number is a number (floats rounded to the column, see
        # roadmap.numbers). Lists, objects and booleans are not numbers.
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            raise serializers.ValidationError(_("Bukan angka yang sah. Contoh: 85,5 atau 1.234,5."))
        try:
            return numbers.parse(data, numbers.VALUE)
        except DjangoValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from error

    def to_representation(self, value: Any) -> Any:
        return value


class ProgressRowSerializer(serializers.Serializer):
    """One indicator's input. Omitted fields keep their stored value; `null` clears a realisasi."""

    indicator = serializers.CharField(
        required=False, max_length=40, help_text="Kode indikator (atau gunakan `progress`)."
    )
    progress = serializers.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, help_text="Id baris realisasi (atau gunakan `indicator`)."
    )
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="Versi baris saat dibaca; penyimpanan ditolak jika sudah berubah."
    )
    realisasi = AngkaField(required=False)
    milestone_done = serializers.BooleanField(required=False, allow_null=True)
    penjelasan = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, trim_whitespace=True
    )
    kendala = serializers.CharField(required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, trim_whitespace=True)
    rencana_tindak_lanjut = serializers.CharField(
        required=False, allow_blank=True, max_length=TEXT_MAX_LENGTH, trim_whitespace=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("indicator" in attrs) == ("progress" in attrs):
            raise serializers.ValidationError(_("Isi salah satu: indicator (kode) atau progress (id)."))
        return attrs


class ProgressWriteSerializer(serializers.Serializer):
    rows = ProgressRowSerializer(many=True, allow_empty=False, max_length=500)


class ScoreSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    kategori = serializers.CharField(
        allow_null=True,
        help_text="Kategori capaian dari skala admin (bawaan: Sangat Baik, Baik, Cukup, Kurang, Sangat Kurang); "
        "bukan predikat AA–D, yang hanya untuk Indeks RB dan SAKIP.",
    )
    light = serializers.ChoiceField(choices=LIGHTS, allow_null=True)


class ScoreFiltersSerializer(serializers.Serializer):
    """The filters the numbers were computed with (after defaults and the officer's own unit)."""

    roadmap = serializers.IntegerField(allow_null=True)
    tahun = serializers.IntegerField(allow_null=True)
    triwulan = serializers.IntegerField(allow_null=True)
    period = serializers.CharField(allow_null=True)
    cycle = serializers.IntegerField(allow_null=True)
    unit = serializers.IntegerField(allow_null=True)
    area = serializers.IntegerField(allow_null=True)
    elemen = serializers.CharField(allow_null=True)
    tema = serializers.IntegerField(allow_null=True)
    jenis_indikator = serializers.ChoiceField(choices=IndicatorKind.choices, allow_null=True)
    termasuk_diajukan = serializers.BooleanField()
    statuses = serializers.ListField(child=serializers.CharField())


class AreaScoreSerializer(ScoreSerializer):
    area = AreaSerializer()


class AspectScoreSerializer(ScoreSerializer):
    aspect = AspectSerializer()


class ElementScoreSerializer(ScoreSerializer):
    element = serializers.CharField()
    label = serializers.CharField()
    aspects = AspectScoreSerializer(many=True)


class ThemeScoreSerializer(ScoreSerializer):
    theme = ThemeSerializer()


class ThemeScoresSerializer(serializers.Serializer):
    general = ScoreSerializer()
    tematik = ScoreSerializer()
    themes = ThemeScoreSerializer(many=True)


class ReportRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()


class RankingRowSerializer(ScoreSerializer):
    rank = serializers.IntegerField(allow_null=True)
    unit = UnitRefSerializer()
    report = ReportRefSerializer()


class ScoresSerializer(serializers.Serializer):
    filters = ScoreFiltersSerializer()
    overall = ScoreSerializer()
    areas = AreaScoreSerializer(many=True)
    elements = ElementScoreSerializer(many=True)
    themes = ThemeScoresSerializer()
    ranking = RankingRowSerializer(many=True)


class ScoresQuerySerializer(serializers.Serializer):
    """The dashboards' filters; anything unknown or out of range falls back to the dashboards' defaults."""

    roadmap = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    tahun = serializers.IntegerField(required=False, min_value=1, max_value=9999)
    triwulan = serializers.IntegerField(required=False, min_value=1, max_value=4)
    termasuk_diajukan = serializers.BooleanField(required=False, default=False)
    unit = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    area = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    elemen = serializers.ChoiceField(required=False, choices=["hard", "soft"])
    tema = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    jenis_indikator = serializers.ChoiceField(
        required=False, choices=IndicatorKind.choices, help_text="Jenis indikator: output, outcome atau dampak."
    )


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Kode tetap untuk mesin, mis. invalid, not_found, report_locked.")
    message = serializers.CharField(help_text="Pesan untuk manusia (Indonesia; Inggris dengan Accept-Language: en).")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Pesan per isian, dengan jalur bertitik: rows.0.realisasi.",
    )
    problems = serializers.ListField(child=serializers.CharField(), required=False)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()
