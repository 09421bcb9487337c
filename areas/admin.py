from django.contrib import admin
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


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "unit", "area", "aspect", "theme", "satuan", "polarity", "weight", "is_active"]
    list_filter = ["roadmap", "area", "aspect__element", "aspect", "theme", "polarity", "satuan", "is_active", "unit"]
    search_fields = ["code", "name", "unit__name", "unit__short_name"]
    list_select_related = ["unit", "area", "aspect", "theme"]
    autocomplete_fields = ["unit"]
    inlines = [AnnualTargetInline, QuarterTargetInline]


@admin.register(IndicatorTarget)
class IndicatorTargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "value", "cumulative"]
    list_filter = ["year", "quarter", "indicator__area", "indicator__roadmap"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]
