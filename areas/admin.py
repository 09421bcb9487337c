from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from areas.models import (
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    RbTheme,
    StrategicIndicator,
    StrategicIndicatorTarget,
    StrategicTarget,
)


@admin.register(ChangeArea)
class ChangeAreaAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name"]
    search_fields = ["name", "code"]


@admin.register(ElementAspect)
class ElementAspectAdmin(admin.ModelAdmin):
    list_display = ["name", "element", "order"]
    list_filter = ["element"]
    search_fields = ["name", "code"]


@admin.register(RbTheme)
class RbThemeAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


class StrategicIndicatorTargetInline(admin.TabularInline):
    model = StrategicIndicatorTarget
    extra = 0


@admin.register(StrategicIndicator)
class StrategicIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "strategic_target", "satuan", "baseline"]
    list_filter = ["strategic_target__roadmap", "strategic_target__element"]
    search_fields = ["name"]
    inlines = [StrategicIndicatorTargetInline]


class StrategicIndicatorInline(admin.TabularInline):
    model = StrategicIndicator
    extra = 0
    show_change_link = True


@admin.register(StrategicTarget)
class StrategicTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "roadmap", "element"]
    list_filter = ["roadmap", "element"]
    search_fields = ["code", "name"]
    inlines = [StrategicIndicatorInline]


class AnnualTargetInline(admin.TabularInline):
    model = IndicatorAnnualTarget
    extra = 0


class QuarterTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 0


UNIT_LOCKED = _(
    "Perangkat daerah indikator ini tidak dapat diubah karena sudah ada realisasi yang dilaporkan untuknya: "
    "laporan, bukti dukung dan catatan verifikasinya milik unit yang melaporkannya. Bila indikator kini menjadi "
    "tanggung jawab unit lain, nonaktifkan indikator ini dan buat indikator baru untuk unit tersebut."
)


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "area", "aspect", "theme", "satuan", "polarity", "weight", "is_active"]
    list_filter = ["roadmap", "area", "aspect__element", "aspect", "theme", "polarity", "satuan", "is_active", "unit"]
    search_fields = ["code", "name", "unit__name", "unit__short_name"]
    list_select_related = ["unit", "area", "aspect", "theme"]
    autocomplete_fields = ["unit"]
    inlines = [AnnualTargetInline, QuarterTargetInline]

    @staticmethod
    def unit_locked(obj: Indicator | None) -> bool:
        """Once a unit has reported on the indicator, moving it would hand that unit's history to another."""
        return obj is not None and obj.pk is not None and obj.progress_rows.exists()

    def get_readonly_fields(self, request: HttpRequest, obj: Indicator | None = None) -> list[str]:
        fields = list(super().get_readonly_fields(request, obj))
        if self.unit_locked(obj):
            fields.append("unit")  # left out of the form: a posted unit is ignored
        return fields

    def get_fields(self, request: HttpRequest, obj: Indicator | None = None) -> list[str]:
        # A read-only field is listed after the form's; keep the unit where the admin expects it.
        fields = [f for f in super().get_fields(request, obj) if f != "unit"]
        fields.insert(fields.index("roadmap") + 1 if "roadmap" in fields else 0, "unit")
        return fields

    def save_model(self, request: HttpRequest, obj: Indicator, form: Any, change: bool) -> None:
        if change and self.unit_locked(obj):
            # The form has no unit then, but "Revert" from the history page saves an older version whole:
            # the unit stays the one stored, whatever version is saved.
            obj.unit_id = Indicator.objects.values_list("unit_id", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if request.method == "GET" and self.unit_locked(self.get_object(request, unquote(object_id))):
            messages.warning(request, UNIT_LOCKED)
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "value", "cumulative"]
    list_filter = ["year", "quarter", "indicator__area", "indicator__roadmap"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]
