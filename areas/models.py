"""Change areas, element aspects, RB themes, strategic targets, indicators and their targets."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from roadmap import numbers
from roadmap.models import Roadmap, Unit

# The columns hold what roadmap.numbers reads: the parser's sizes are the columns' sizes.
DECIMAL = {"max_digits": numbers.VALUE.max_digits, "decimal_places": numbers.VALUE.places}


class ChangeArea(models.Model):
    """One of the eight area perubahan of Road Map RB 2020–2024, in their fixed order."""

    code = models.CharField(_("kode"), max_length=10, unique=True)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    name = models.CharField(_("nama"), max_length=120, unique=True)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("area perubahan")
        verbose_name_plural = _("area perubahan")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.name


class Element(models.TextChoices):
    HARD = "hard", _("Hard element")
    SOFT = "soft", _("Soft element")


class ElementAspect(models.Model):
    """An aspect of the hard (6) or soft (2) element of PermenPANRB No. 3/2023."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=120)
    element = models.CharField(_("elemen"), max_length=4, choices=Element.choices)
    order = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("aspek elemen")
        verbose_name_plural = _("aspek elemen")
        ordering = ["element", "order"]
        constraints = [
            models.UniqueConstraint(fields=["element", "name"], name="aspect_unique_name_per_element"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_element_display()})"


class ThemeKind(models.TextChoices):
    GENERAL = "general", _("RB General")
    TEMATIK = "tematik", _("RB Tematik")


class RbTheme(models.Model):
    """RB General, or one of the RB Tematik themes."""

    code = models.CharField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("nama"), max_length=160, unique=True)
    kind = models.CharField(_("jenis"), max_length=10, choices=ThemeKind.choices)
    order = models.PositiveSmallIntegerField(_("urutan"), unique=True)
    description = models.TextField(_("uraian"), blank=True)

    class Meta:
        verbose_name = _("tema RB")
        verbose_name_plural = _("tema RB")
        ordering = ["order"]

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


class Polarity(models.TextChoices):
    HIGHER = "higher", _("Semakin tinggi semakin baik")
    LOWER = "lower", _("Semakin rendah semakin baik")
    MILESTONE = "milestone", _("Milestone (tercapai / belum)")


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
    baseline = models.DecimalField(_("baseline"), null=True, blank=True, **DECIMAL)

    class Meta:
        verbose_name = _("indikator sasaran")
        verbose_name_plural = _("indikator sasaran")

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
    area = models.ForeignKey(
        ChangeArea, verbose_name=_("area perubahan"), on_delete=models.PROTECT, related_name="indicators"
    )
    aspect = models.ForeignKey(
        ElementAspect, verbose_name=_("aspek elemen"), on_delete=models.PROTECT, related_name="indicators"
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


def _check_year_in_roadmap(roadmap: Roadmap, year: int | None) -> None:
    if year is not None and not roadmap.contains_year(year):
        raise ValidationError(
            {
                "year": _("Tahun %(year)s di luar masa road map %(name)s (%(start)s–%(end)s).")
                % {"year": year, "name": roadmap.name, "start": roadmap.start_year, "end": roadmap.end_year}
            }
        )


class IndicatorAnnualTarget(models.Model):
    """The target of an indicator for a whole year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="annual_targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    value = models.DecimalField(_("target tahunan"), null=True, blank=True, **DECIMAL)

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
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.roadmap_id:
            _check_year_in_roadmap(indicator.roadmap, self.year)


class IndicatorTarget(models.Model):
    """The target of an indicator for one quarter: cumulative to the quarter unless marked otherwise."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("tahun"))
    quarter = models.PositiveSmallIntegerField(
        _("triwulan"), choices=[(1, "TW I"), (2, "TW II"), (3, "TW III"), (4, "TW IV")]
    )
    value = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    cumulative = models.BooleanField(_("kumulatif"), default=True)

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
        ]
        indexes = [models.Index(fields=["year", "quarter"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} TW{self.quarter}"

    def clean(self) -> None:
        indicator = getattr(self, "indicator", None)
        if indicator is not None and indicator.roadmap_id:
            _check_year_in_roadmap(indicator.roadmap, self.year)
