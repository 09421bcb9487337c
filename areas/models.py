"""Change areas, element aspects, RB themes (per road map), strategic targets, indicators, their targets, and the
rencana aksi (action plan) that carries the road map out."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roadmap import numbers
from roadmap.models import Roadmap, Unit

# The columns hold what roadmap.numbers reads: the parser's sizes are the columns' sizes.
DECIMAL = {"max_digits": numbers.VALUE.max_digits, "decimal_places": numbers.VALUE.places}


def _roadmap_field(related_name: str) -> models.ForeignKey:
    # The framework is the road map's own and goes with it; a road map whose indicators or rencana aksi use it
    # cannot be deleted all the same (those protect the road map and the rows they use).
    return models.ForeignKey(Roadmap, verbose_name=_("road map"), on_delete=models.CASCADE, related_name=related_name)


class ChangeArea(models.Model):
    """An area perubahan of one road map (the eight of Road Map RB 2020–2024, or the road map's own)."""

    roadmap = _roadmap_field("change_areas")
    code = models.CharField(_("kode"), max_length=10)
    order = models.PositiveSmallIntegerField(_("urutan"))
    name = models.CharField(_("nama"), max_length=120)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("area perubahan")
        verbose_name_plural = _("area perubahan")
        ordering = ["roadmap_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "code"],
                name="area_unique_code_per_roadmap",
                violation_error_message=_("Kode area perubahan sudah dipakai pada road map ini."),
            ),
            models.UniqueConstraint(
                fields=["roadmap", "order"],
                name="area_unique_order_per_roadmap",
                violation_error_message=_("Urutan area perubahan sudah dipakai pada road map ini."),
            ),
            models.UniqueConstraint(
                fields=["roadmap", "name"],
                name="area_unique_name_per_roadmap",
                violation_error_message=_("Nama area perubahan sudah dipakai pada road map ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Element(models.TextChoices):
    HARD = "hard", _("Hard element")
    SOFT = "soft", _("Soft element")


class ElementAspect(models.Model):
    """An aspect of the hard or soft element of one road map (6 + 2 in PermenPANRB No. 3/2023)."""

    roadmap = _roadmap_field("element_aspects")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=120)
    element = models.CharField(_("elemen"), max_length=4, choices=Element.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("aspek elemen")
        verbose_name_plural = _("aspek elemen")
        ordering = ["roadmap_id", "element", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "code"],
                name="aspect_unique_code_per_roadmap",
                violation_error_message=_("Kode aspek elemen sudah dipakai pada road map ini."),
            ),
            models.UniqueConstraint(
                fields=["roadmap", "element", "name"],
                name="aspect_unique_name_per_element",
                violation_error_message=_("Nama aspek sudah dipakai untuk elemen ini pada road map ini."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_element_display()})"


class ThemeKind(models.TextChoices):
    GENERAL = "general", _("RB General")
    TEMATIK = "tematik", _("RB Tematik")


class RbTheme(models.Model):
    """RB General, or an RB Tematik theme of one road map (the four national ones, or the regency's own)."""

    roadmap = _roadmap_field("rb_themes")
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama"), max_length=160)
    kind = models.CharField(_("jenis"), max_length=10, choices=ThemeKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("tema RB")
        verbose_name_plural = _("tema RB")
        ordering = ["roadmap_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "code"],
                name="theme_unique_code_per_roadmap",
                violation_error_message=_("Kode tema RB sudah dipakai pada road map ini."),
            ),
            models.UniqueConstraint(
                fields=["roadmap", "order"],
                name="theme_unique_order_per_roadmap",
                violation_error_message=_("Urutan tema RB sudah dipakai pada road map ini."),
            ),
            models.UniqueConstraint(
                fields=["roadmap", "name"],
                name="theme_unique_name_per_roadmap",
                violation_error_message=_("Nama tema RB sudah dipakai pada road map ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Satuan(models.TextChoices):
    PERSEN = "persen", _("%")
    INDEKS = "indeks", _("indeks")
    NILAI = "nilai", _("nilai")
    LEVEL = "level", _("level")
    DOKUMEN = "dokumen", _("dokumen")
    PREDIKAT = "predikat", _("predikat")
    ORANG = "orang", _("orang")
    UNIT = "unit", _("unit")
    PERDA = "perda", _("perda")
    LAYANAN = "layanan", _("layanan")
    KEGIATAN = "kegiatan", _("kegiatan")
    HARI = "hari", _("hari")


# Satuan of a level or a share measured at a moment (a stock): its targets are per quarter by default, while a
# count (dokumen, orang, perda …) accumulates through the year (docs/indicator-rules.md#cumulative-or-per-quarter).
STOCK_SATUAN = frozenset({Satuan.PERSEN, Satuan.INDEKS, Satuan.NILAI, Satuan.LEVEL, Satuan.PREDIKAT})


def cumulative_default(satuan: str) -> bool:
    """Whether an indicator of this satuan is cumulative when nobody said otherwise."""
    return satuan not in STOCK_SATUAN


QUARTERS = [(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")
    DAMPAK = "dampak", _("Dampak")


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Semakin tinggi semakin baik")
    LOWER = "lower", _("Semakin rendah semakin baik")
    MILESTONE = "milestone", _("Milestone (tercapai / belum)")


# A road-map indicator is a number (an index, a share): higher or lower is better, never a milestone.
SASARAN_POLARITIES = [(Polarity.HIGHER, Polarity.HIGHER.label), (Polarity.LOWER, Polarity.LOWER.label)]


class StrategicTarget(models.Model):
    """A sasaran of a road map for one element (hard or soft)."""

    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="strategic_targets")
    element = models.CharField(_("elemen"), max_length=4, choices=Element.choices)
    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("sasaran"), max_length=300)

    class Meta:
        verbose_name = _("sasaran strategis")
        verbose_name_plural = _("sasaran strategis")
        ordering = ["roadmap", "element", "code"]
        constraints = [
            models.UniqueConstraint(fields=["roadmap", "code"], name="strategic_target_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class StrategicIndicator(models.Model):
    """An indicator of a sasaran (road-map level, owned by no unit)."""

    strategic_target = models.ForeignKey(StrategicTarget, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indikator"), max_length=300)
    satuan = models.CharField(_("satuan"), max_length=20, choices=Satuan.choices)
    # Capaian of the yearly realisation against the yearly target (areas.scoring.capaian): a road-map indicator
    # is a number (an index, a share), so a milestone makes no sense here.
    polarity = models.CharField(
        _("polaritas"),
        max_length=10,
        choices=SASARAN_POLARITIES,
        default=Polarity.HIGHER,
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **DECIMAL)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("indikator sasaran")
        verbose_name_plural = _("indikator sasaran")
        ordering = ["strategic_target", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class StrategicIndicatorTarget(models.Model):
    indicator = models.ForeignKey(StrategicIndicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target"), **DECIMAL)

    class Meta:
        verbose_name = _("target tahunan sasaran")
        verbose_name_plural = _("target tahunan sasaran")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="strategic_indicator_target_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.value}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.strategic_target_id:
            _check_year_in_roadmap(indicator.strategic_target.roadmap, self.year)


class IndicatorQuerySet(models.QuerySet["Indicator"]):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)


class Indicator(models.Model):
    """An indikator hasil owned by one unit, classified by area, aspect and theme."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("road map"), on_delete=models.PROTECT, related_name="indicators"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("perangkat daerah"), on_delete=models.PROTECT, related_name="indicators"
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama indikator"), max_length=300)
    definition = models.TextField(_("definisi operasional"), blank=True)
    data_source = models.CharField(_("sumber data"), max_length=300, blank=True)
    # Optional: a road map may define no areas (or no aspects); where it does, they are its own (clean()).
    area = models.ForeignKey(
        ChangeArea,
        verbose_name=_("area perubahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    aspect = models.ForeignKey(
        ElementAspect,
        verbose_name=_("aspek elemen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    theme = models.ForeignKey(RbTheme, verbose_name=_("tema RB"), on_delete=models.PROTECT, related_name="indicators")
    strategic_target = models.ForeignKey(
        StrategicTarget,
        verbose_name=_("sasaran strategis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="unit_indicators",
    )
    satuan = models.CharField(_("satuan"), max_length=20, choices=Satuan.choices)
    polarity = models.CharField(_("polaritas"), max_length=10, choices=Polarity.choices, default=Polarity.HIGHER)
    # The outcome is what DESIGN.md asks every activity for ("indikator hasil"); output and dampak are the
    # levels below and above it.
    kind = models.CharField(
        _("jenis indikator"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.OUTCOME
    )
    cumulative = models.BooleanField(
        _("target kumulatif"),
        default=False,
        help_text=_(
            "Centang bila realisasi triwulan dijumlahkan sampai triwulan berjalan (s.d. TW) dan dibandingkan "
            "dengan target s.d. triwulan itu; kosongkan bila tiap triwulan dibandingkan dengan targetnya sendiri "
            "(persen, indeks, nilai, level)."
        ),
    )
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **DECIMAL)
    weight = models.DecimalField(
        _("bobot"),
        max_digits=numbers.WEIGHT.max_digits,
        decimal_places=numbers.WEIGHT.places,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    requires_evidence = models.BooleanField(_("wajib bukti dukung"), default=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    objects = IndicatorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["unit__name", "area__order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "code"],
                name="indicator_unique_code_per_roadmap",
                violation_error_message=_("Kode indikator sudah dipakai pada road map ini."),
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
        ]
        indexes = [models.Index(fields=["unit", "roadmap"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_milestone(self) -> bool:
        return self.polarity == Polarity.MILESTONE

    def clean(self) -> None:
        if not self.roadmap_id:
            return
        errors = {}
        for name, label in (("area", _("Area perubahan")), ("aspect", _("Aspek elemen")), ("theme", _("Tema RB"))):
            value = getattr(self, name, None)
            if value is not None and value.roadmap_id != self.roadmap_id:
                errors[name] = _("%(label)s %(value)s bukan bagian dari kerangka road map %(roadmap)s.") % {
                    "label": label,
                    "value": value,
                    "roadmap": self.roadmap,
                }
        target = self.strategic_target
        if target is not None and target.roadmap_id != self.roadmap_id:
            errors["strategic_target"] = _("Sasaran strategis %(value)s bukan milik road map %(roadmap)s.") % {
                "value": target,
                "roadmap": self.roadmap,
            }
        if errors:
            raise ValidationError(errors)


def _check_year_in_roadmap(roadmap: Roadmap, year: int | None) -> None:
    if year is not None and not roadmap.contains_year(year):
        raise ValidationError(
            {
                "year": _("Tahun %(year)s di luar masa road map %(name)s (%(start)s–%(end)s).")
                % {"year": year, "name": roadmap.name, "start": roadmap.start_year, "end": roadmap.end_year}
            }
        )


def _range_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(value_upper__isnull=True) | Q(value__isnull=False, value_upper__gte=F("value")),
        name=name,
        violation_error_message=_("Batas atas target tidak boleh di bawah batas bawahnya."),
    )


def _check_range(target: Any) -> None:
    """A range target (IndicatorAnnualTarget or IndicatorTarget) has a lower bound at or below its upper one."""
    if target.value_upper is None:
        return
    if target.value is None:
        raise ValidationError({"value": _("Target rentang memerlukan batas bawah.")})
    if target.value_upper < target.value:
        raise ValidationError({"value_upper": _("Batas atas target tidak boleh di bawah batas bawahnya.")})


class IndicatorAnnualTarget(models.Model):
    """The target of an indicator for a whole year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="annual_targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target tahunan"), null=True, blank=True, **DECIMAL)
    value_upper = models.DecimalField(
        _("batas atas target"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk target rentang: target di atas adalah batas bawahnya."),
        **DECIMAL,
    )
    due_quarter = models.PositiveSmallIntegerField(
        _("jatuh tempo"),
        null=True,
        blank=True,
        choices=QUARTERS,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Wajib untuk indikator milestone: triwulan yang menjadi batas waktu tercapainya."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target tahunan")
        verbose_name_plural = _("target tahunan")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"],
                name="annual_target_unique_year",
                violation_error_message=_("Target tahunan untuk tahun ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(due_quarter__isnull=True) | Q(due_quarter__gte=1, due_quarter__lte=4),
                name="annual_target_due_quarter_1_to_4",
                violation_error_message=_("Triwulan jatuh tempo harus 1 sampai 4."),
            ),
            _range_constraint("annual_target_range_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is None:
            return
        if indicator.roadmap_id:
            _check_year_in_roadmap(indicator.roadmap, self.year)
        if indicator.is_milestone and self.due_quarter is None:
            raise ValidationError({"due_quarter": _("Indikator milestone wajib memiliki triwulan jatuh tempo.")})
        _check_range(self)


class IndicatorTarget(models.Model):
    """The target of an indicator for one quarter: to date (s.d. the quarter) when the indicator is cumulative,
    the quarter's own otherwise; a range when it has an upper bound (docs/indicator-rules.md)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS)
    value = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    value_upper = models.DecimalField(
        _("batas atas target"),
        null=True,
        blank=True,
        help_text=_("Hanya untuk target rentang: target di atas adalah batas bawahnya."),
        **DECIMAL,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target triwulan")
        verbose_name_plural = _("target triwulan")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="indicator_target_unique_quarter",
                violation_error_message=_("Target untuk triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="indicator_target_quarter_1_to_4",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            _range_constraint("indicator_target_range_in_order"),
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} TW{self.quarter}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.roadmap_id:
            _check_year_in_roadmap(indicator.roadmap, self.year)
        _check_range(self)


# --- Rencana aksi: the plan that carries the road map out (DESIGN.md "Rencana aksi") -------------------------
# What is *planned* lives here; what the units report each quarter belongs to evaluations, the scores to dashboards.

RUPIAH = {"max_digits": 18, "decimal_places": 2}
PERCENT = {"max_digits": 5, "decimal_places": 2}


class ActionKind(models.TextChoices):
    GENERAL = "general", _("RB General")
    TEMATIK = "tematik", _("RB Tematik")


class ActionGroup(models.Model):
    """A *kegiatan utama* (RB General, under an area) or a *sasaran tematik* (RB Tematik, under a theme)."""

    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("road map"), on_delete=models.PROTECT, related_name="action_groups"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=ActionKind.choices)
    area = models.ForeignKey(
        ChangeArea,
        verbose_name=_("area perubahan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_groups",
    )
    theme = models.ForeignKey(
        RbTheme,
        verbose_name=_("tema RB Tematik"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="action_groups",
    )
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=300)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("kegiatan utama / sasaran tematik")
        verbose_name_plural = _("kegiatan utama / sasaran tematik")
        ordering = ["roadmap_id", "kind", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "code"],
                name="action_group_unique_code_per_roadmap",
                violation_error_message=_("Kode kegiatan utama / sasaran tematik sudah dipakai pada road map ini."),
            ),
            models.CheckConstraint(
                condition=Q(kind=ActionKind.GENERAL, theme__isnull=True)
                | Q(kind=ActionKind.TEMATIK, theme__isnull=False, area__isnull=True),
                name="action_group_kind_area_theme",
                violation_error_message=_(
                    "RB General berada di bawah area perubahan tanpa tema; RB Tematik berada di bawah tema "
                    "tanpa area perubahan."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def label(self) -> str:
        """The domain's word for the group of this kind."""
        return str(_("Kegiatan utama") if self.kind == ActionKind.GENERAL else _("Sasaran tematik"))

    def clean(self) -> None:
        roadmap_id = self.roadmap_id
        area, theme = self.area if self.area_id else None, self.theme if self.theme_id else None
        errors: dict[str, Any] = {}
        if self.kind == ActionKind.GENERAL:
            if theme is not None:
                errors["theme"] = _("Kegiatan utama RB General tidak memakai tema; kosongkan tema.")
            if area is None and roadmap_id and ChangeArea.objects.filter(roadmap_id=roadmap_id).exists():
                errors["area"] = _("Kegiatan utama RB General harus berada di bawah satu area perubahan.")
        elif self.kind == ActionKind.TEMATIK:
            if area is not None:
                errors["area"] = _("Sasaran tematik tidak berada di bawah area perubahan; kosongkan area.")
            if theme is None:
                errors["theme"] = _("Sasaran tematik harus berada di bawah satu tema RB Tematik.")
            elif theme.kind != ThemeKind.TEMATIK:
                errors["theme"] = _("Tema %(theme)s bukan tema RB Tematik.") % {"theme": theme}
        for name, value in (("area", area), ("theme", theme)):
            if value is not None and roadmap_id and value.roadmap_id != roadmap_id and name not in errors:
                errors[name] = _("%(value)s bukan bagian dari kerangka road map ini.") % {"value": value}
        if errors:
            raise ValidationError(errors)


class ActionPlan(models.Model):
    """A *rencana aksi* of one year: its output, budget, schedule (tahapan), coordinator and pelaksana."""

    group = models.ForeignKey(
        ActionGroup,
        verbose_name=_("kegiatan utama / sasaran tematik"),
        on_delete=models.PROTECT,
        related_name="plans",
    )
    # The group's road map, kept on the row so that codes are unique per road map and year (checked in clean()).
    roadmap = models.ForeignKey(
        Roadmap, verbose_name=_("road map"), on_delete=models.PROTECT, related_name="action_plans"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    code = models.CharField(_("kode"), max_length=40)
    name = models.CharField(_("rencana aksi"), max_length=300)
    output = models.CharField(_("output"), max_length=300, help_text=_("Apa yang dihasilkan rencana aksi ini."))
    output_satuan = models.CharField(
        _("satuan output"), max_length=50, help_text=_("Misalnya dokumen, aplikasi, kegiatan, orang.")
    )
    output_target = models.DecimalField(_("target output"), **DECIMAL)
    indicators = models.ManyToManyField(
        Indicator, verbose_name=_("indikator yang didukung"), blank=True, related_name="action_plans"
    )
    budget = models.DecimalField(_("anggaran (Rp)"), default=Decimal("0"), **RUPIAH)
    coordinator = models.ForeignKey(
        Unit, verbose_name=_("unit koordinator"), on_delete=models.PROTECT, related_name="coordinated_actions"
    )
    start_quarter = models.PositiveSmallIntegerField(_("triwulan mulai"), choices=QUARTERS, default=1)
    end_quarter = models.PositiveSmallIntegerField(_("triwulan selesai"), choices=QUARTERS, default=4)
    quick_win = models.BooleanField(_("quick win"), default=False)
    is_active = models.BooleanField(_("aktif"), default=True)
    description = models.TextField(_("uraian"), blank=True)
    notes = models.TextField(_("catatan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rencana aksi")
        verbose_name_plural = _("rencana aksi")
        ordering = ["roadmap_id", "year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["roadmap", "year", "code"],
                name="action_plan_unique_code_per_roadmap_year",
                violation_error_message=_("Kode rencana aksi sudah dipakai pada road map dan tahun ini."),
            ),
            models.CheckConstraint(
                condition=Q(start_quarter__gte=1, end_quarter__lte=4, start_quarter__lte=F("end_quarter")),
                name="action_plan_quarters_in_order",
                violation_error_message=_(
                    "Triwulan mulai dan selesai harus 1 sampai 4, dan triwulan mulai tidak boleh sesudah triwulan "
                    "selesai."
                ),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="action_plan_budget_not_negative",
                violation_error_message=_("Anggaran tidak boleh negatif."),
            ),
            models.CheckConstraint(
                condition=Q(output_target__gt=0),
                name="action_plan_output_target_positive",
                violation_error_message=_("Target output harus lebih dari 0."),
            ),
        ]
        indexes = [models.Index(fields=["roadmap", "year"])]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def kind(self) -> str:
        return self.group.kind

    def due_quarters(self) -> list[int]:
        """The quarters something is due: those with a tahapan, and the planned end."""
        quarters = {stage.quarter for stage in self.stages.all()}
        quarters.add(self.end_quarter)
        return sorted(quarters)

    def is_due_in(self, quarter: int) -> bool:
        return quarter in self.due_quarters()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        group = self.group if self.group_id else None
        if group is not None and self.roadmap_id and group.roadmap_id != self.roadmap_id:
            errors["group"] = _("Kegiatan utama / sasaran tematik ini milik road map lain.")
        if self.roadmap_id and self.year is not None:
            try:
                _check_year_in_roadmap(self.roadmap, self.year)
            except ValidationError as e:
                errors.update(e.message_dict)
        if self.start_quarter and self.end_quarter and self.start_quarter > self.end_quarter:
            errors["end_quarter"] = _("Triwulan selesai tidak boleh sebelum triwulan mulai.")
        if errors:
            raise ValidationError(errors)

    def check_indicators(self, indicators: Iterable[Indicator]) -> None:
        """The indicators an action serves are of its own road map (an M2M is set after save: forms call this)."""
        foreign = [i for i in indicators if i.roadmap_id != self.roadmap_id]
        if foreign:
            raise ValidationError(
                {
                    "indicators": _("Indikator %(codes)s bukan indikator road map rencana aksi ini.")
                    % {"codes": ", ".join(i.code for i in foreign)}
                }
            )


class ActionAssignment(models.Model):
    """A pelaksana of an action and its share: each implementing unit reports its own share every quarter."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("rencana aksi"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit pelaksana"), on_delete=models.PROTECT, related_name="action_assignments"
    )
    output_target = models.DecimalField(
        _("bagian target output"),
        null=True,
        blank=True,
        help_text=_("Kosong: seluruh target output rencana aksi."),
        **DECIMAL,
    )
    budget = models.DecimalField(
        _("bagian anggaran (Rp)"), null=True, blank=True, help_text=_("Kosong: tanpa anggaran."), **RUPIAH
    )
    note = models.CharField(_("keterangan"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pelaksana rencana aksi")
        verbose_name_plural = _("pelaksana rencana aksi")
        ordering = ["plan", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                name="action_assignment_unique_unit",
                violation_error_message=_("Unit ini sudah menjadi pelaksana rencana aksi ini."),
            ),
            models.CheckConstraint(
                condition=Q(output_target__isnull=True) | Q(output_target__gt=0),
                name="action_assignment_output_positive",
                violation_error_message=_("Bagian target output harus lebih dari 0 (atau kosong)."),
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0),
                name="action_assignment_budget_not_negative",
                violation_error_message=_("Bagian anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} — {self.unit}"


class ActionStage(models.Model):
    """A tahapan: what is planned in one quarter, with the planned cumulative progress (%)."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("rencana aksi"), on_delete=models.CASCADE, related_name="stages"
    )
    quarter = models.PositiveSmallIntegerField(_("triwulan"), choices=QUARTERS)
    description = models.CharField(_("tahapan"), max_length=300)
    planned_progress = models.DecimalField(
        _("rencana progres kumulatif (%)"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        **PERCENT,
    )

    class Meta:
        verbose_name = _("tahapan rencana aksi")
        verbose_name_plural = _("tahapan rencana aksi")
        ordering = ["plan", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"],
                name="action_stage_unique_quarter",
                violation_error_message=_("Tahapan untuk triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="action_stage_quarter_1_to_4",
                violation_error_message=_("Triwulan harus 1 sampai 4."),
            ),
            models.CheckConstraint(
                condition=Q(planned_progress__gte=0, planned_progress__lte=100),
                name="action_stage_progress_0_to_100",
                violation_error_message=_("Rencana progres harus 0 sampai 100 persen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.code} TW{self.quarter}"

    def clean(self) -> None:
        # This row's own rule; the rule over all of a plan's tahapan (progress never falling) is check_stages,
        # which the admin's formset and the services run on the whole set being saved.
        plan = getattr(self, "plan", None)
        if plan is None or self.quarter is None:
            return
        if not plan.start_quarter <= self.quarter <= plan.end_quarter:
            raise ValidationError(
                {
                    "quarter": _("Triwulan tahapan di luar masa pelaksanaan rencana aksi (TW %(start)s–TW %(end)s).")
                    % {"start": plan.start_quarter, "end": plan.end_quarter}
                }
            )


def check_stages(plan: ActionPlan, stages: Iterable[tuple[int, Decimal]]) -> None:
    """The tahapan of a plan, all together: inside its start..end quarters, the planned progress never falling."""
    rows = sorted(stages)
    errors = []
    outside = [q for q, _p in rows if not plan.start_quarter <= q <= plan.end_quarter]
    if outside:
        errors.append(
            _("Tahapan TW %(quarters)s di luar masa pelaksanaan rencana aksi (TW %(start)s–TW %(end)s).")
            % {
                "quarters": ", ".join(str(q) for q in outside),
                "start": plan.start_quarter,
                "end": plan.end_quarter,
            }
        )
    for (q1, p1), (q2, p2) in pairwise(rows):
        if p2 < p1:
            errors.append(
                _("Rencana progres kumulatif tidak boleh turun: TW %(q2)s (%(p2)s%%) di bawah TW %(q1)s (%(p1)s%%).")
                % {"q1": q1, "p1": numbers.display(p1), "q2": q2, "p2": numbers.display(p2)}
            )
    if errors:
        raise ValidationError(errors)


# --- kategori capaian and the traffic light (areas.categories; docs/numbers.md#kategori-capaian) ------------


class CapaianScale(models.Model):
    """The one row of the capaian scale: the traffic light's thresholds; its categories are CapaianCategory rows.

    One scale for the whole application (a regency reads every average the same way); its default is seeded by
    migration areas.0007 from areas.categories.DEFAULT_SCALE. A change bumps the dashboards' data generation
    (dashboards.selectors.cache), so no cached page keeps the old labels.
    """

    SINGLETON = 1

    green_from = models.DecimalField(
        _("hijau mulai (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(85),
        help_text=_("Capaian sekurang-kurangnya nilai ini berlampu hijau (konvensi daerah; bawaan 85)."),
    )
    yellow_from = models.DecimalField(
        _("kuning mulai (%)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(60),
        help_text=_("Capaian sekurang-kurangnya nilai ini (dan di bawah batas hijau) berlampu kuning; bawaan 60."),
    )
    source = models.CharField(
        _("dasar skala"),
        max_length=300,
        blank=True,
        help_text=_("Peraturan atau keputusan yang menjadi dasar kategori, ditampilkan sebagai keterangan."),
    )

    class Meta:
        verbose_name = _("skala kategori capaian")
        verbose_name_plural = _("skala kategori capaian")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="capaian_scale_singleton"),
            models.CheckConstraint(
                condition=Q(yellow_from__gte=0, yellow_from__lt=F("green_from"), green_from__lte=120),
                name="capaian_scale_lights_ordered",
                violation_error_message=_("Batas kuning harus di bawah batas hijau, keduanya antara 0 dan 120."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Skala kategori capaian"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON  # one scale: saving another row edits this one
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.green_from is None or self.yellow_from is None:
            return
        if not Decimal(0) <= self.yellow_from < self.green_from <= Decimal(120):
            raise ValidationError(
                {"yellow_from": _("Batas kuning harus di bawah batas hijau, keduanya antara 0 dan 120.")}
            )


class CapaianCategory(models.Model):
    """One kategori capaian: its name and its lower bound, inclusive (≥) or exclusive (>)."""

    scale = models.ForeignKey(
        CapaianScale, verbose_name=_("skala"), on_delete=models.CASCADE, related_name="categories"
    )
    name = models.CharField(_("nama kategori"), max_length=40)
    lower_bound = models.DecimalField(_("batas bawah (%)"), max_digits=6, decimal_places=2)
    inclusive = models.BooleanField(
        _("termasuk batas"),
        default=True,
        help_text=_("Dicentang: capaian ≥ batas bawah. Tidak dicentang: capaian > batas bawah (Sangat Baik > 100)."),
    )

    class Meta:
        verbose_name = _("kategori capaian")
        verbose_name_plural = _("kategori capaian")
        ordering = ["scale_id", "-lower_bound", "inclusive"]  # highest first; "> 100" above "≥ 100"
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "name"],
                name="capaian_category_unique_name",
                violation_error_message=_("Nama kategori capaian sudah dipakai."),
            ),
            models.UniqueConstraint(
                fields=["scale", "lower_bound", "inclusive"],
                name="capaian_category_unique_bound",
                violation_error_message=_("Dua kategori capaian tidak boleh memiliki batas bawah yang sama."),
            ),
        ]

    def __str__(self) -> str:
        sign = "≥" if self.inclusive else ">"
        return f"{self.name} ({sign} {numbers.display(self.lower_bound)} %)"
