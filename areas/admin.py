"""The admin of the framework (per road map), the indicators with their targets, and the rencana aksi."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from areas.categories import Category, scale_errors
from areas.models import (
    ActionAssignment,
    ActionGroup,
    ActionKind,
    ActionPlan,
    ActionStage,
    CapaianCategory,
    CapaianScale,
    ChangeArea,
    ElementAspect,
    Indicator,
    IndicatorAnnualTarget,
    IndicatorTarget,
    RbTheme,
    StrategicIndicator,
    StrategicIndicatorTarget,
    StrategicTarget,
    ThemeKind,
    check_stages,
)
from areas.services.framework import framework_copy
from roadmap import numbers
from roadmap.admin import RoadmapAdmin
from roadmap.models import Roadmap

# --- the framework of each road map ---------------------------------------------------------------------------

FRAMEWORK_MODELS = (ChangeArea, ElementAspect, RbTheme)


def _with_roadmap(obj: Any) -> str:
    """A framework row's label where rows of several road maps are listed together (same names in each)."""
    return f"{obj} · {obj.roadmap}"


class RoadmapScopedAdmin(admin.ModelAdmin):
    """Choices of areas, aspects and themes name their road map (every road map has rows of the same name)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model in FRAMEWORK_MODELS:
            kwargs.setdefault("queryset", db_field.related_model.objects.select_related("roadmap"))
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            field.label_from_instance = _with_roadmap
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ChangeArea)
class ChangeAreaAdmin(admin.ModelAdmin):
    list_display = ["order", "code", "name", "roadmap"]
    list_filter = ["roadmap"]
    search_fields = ["name", "code"]
    list_select_related = ["roadmap"]


@admin.register(ElementAspect)
class ElementAspectAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "element", "order", "roadmap"]
    list_filter = ["roadmap", "element"]
    search_fields = ["name", "code"]
    list_select_related = ["roadmap"]


@admin.register(RbTheme)
class RbThemeAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "code", "kind", "roadmap"]
    list_filter = ["roadmap", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["roadmap"]


class FrameworkSourceForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Salin kerangka dari road map"), queryset=Roadmap.objects.order_by("-start_year"), empty_label=None
    )


@admin.action(description=_("Salin kerangka (area, aspek, tema) dari road map lain …"))
def copy_framework(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet[Roadmap]) -> Any:
    """Ask for the source road map, then make each selected road map's framework a copy of it."""
    form = FrameworkSourceForm(request.POST if "source" in request.POST else None)
    if form.is_bound and form.is_valid():
        source = form.cleaned_data["source"]
        for target in queryset.exclude(pk=source.pk):
            try:
                done = framework_copy(source=source, target=target)
            except ValidationError as e:
                modeladmin.message_user(request, " ".join(e.messages), messages.ERROR)
                continue
            modeladmin.message_user(
                request,
                gettext(
                    "Kerangka road map %(target)s kini sama dengan %(source)s: %(created)s baris baru, "
                    "%(updated)s diubah, %(removed)s dihapus."
                )
                % {
                    "target": target,
                    "source": source,
                    "created": done.created,
                    "updated": done.updated,
                    "removed": done.removed,
                },
                messages.SUCCESS,
            )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": gettext("Salin kerangka road map"),
        "form": form,
        "roadmaps": queryset,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return render(request, "admin/areas/copy_framework.html", context)


admin.site.unregister(Roadmap)


@admin.register(Roadmap)
class RoadmapWithFrameworkAdmin(RoadmapAdmin):
    """The road map's admin (roadmap.admin) with the copy of a framework: areas builds on roadmap, not back."""

    actions = [copy_framework]


class StrategicIndicatorTargetInline(admin.TabularInline):
    model = StrategicIndicatorTarget
    extra = 0


@admin.register(StrategicIndicator)
class StrategicIndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "strategic_target", "satuan", "polarity", "baseline", "order"]
    list_filter = ["strategic_target__roadmap", "strategic_target__element"]
    search_fields = ["name"]
    inlines = [StrategicIndicatorTargetInline]


class StrategicIndicatorInline(admin.TabularInline):
    model = StrategicIndicator
    fields = ["name", "satuan", "polarity", "baseline", "order"]
    extra = 0
    show_change_link = True  # the yearly targets are entered on the indicator's own page


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
class IndicatorAdmin(RoadmapScopedAdmin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "kind",
        "area",
        "aspect",
        "theme",
        "satuan",
        "polarity",
        "cumulative",
        "weight",
        "is_active",
    ]
    list_filter = [
        "roadmap",
        "kind",
        ("area", admin.RelatedOnlyFieldListFilter),
        "aspect__element",
        ("aspect", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
        "polarity",
        "cumulative",
        "satuan",
        "is_active",
        "unit",
    ]
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
    list_display = ["indicator", "year", "quarter", "target_text"]
    list_filter = ["year", "quarter", "indicator__area", "indicator__roadmap"]
    search_fields = ["indicator__code", "indicator__name"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator"]

    @admin.display(description=_("target"), ordering="value")
    def target_text(self, obj: IndicatorTarget) -> str:
        return numbers.display_target(obj.value, obj.value_upper)


# --- the rencana aksi -----------------------------------------------------------------------------------------


@admin.register(ActionGroup)
class ActionGroupAdmin(RoadmapScopedAdmin):
    list_display = ["code", "name", "kind", "area", "theme", "roadmap", "order"]
    list_filter = [
        "roadmap",
        "kind",
        ("area", admin.RelatedOnlyFieldListFilter),
        ("theme", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name"]
    list_select_related = ["roadmap", "area", "theme"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "theme":  # a sasaran tematik is under an RB Tematik theme
            kwargs["queryset"] = RbTheme.objects.filter(kind=ThemeKind.TEMATIK).select_related("roadmap")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "roadmap",
            "group",
            "year",
            "code",
            "name",
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
            "notes",
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        roadmap, group = data.get("roadmap"), data.get("group")
        if roadmap is not None and group is not None and group.roadmap_id != roadmap.pk:
            self.add_error("group", _("Kegiatan utama / sasaran tematik ini milik road map lain."))
        if roadmap is not None and data.get("indicators") is not None:
            try:
                ActionPlan(roadmap=roadmap).check_indicators(data["indicators"])
            except ValidationError as e:
                self.add_error(None, e)
        return data


class AssignmentFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        plan = self.instance
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        budget = sum((r.get("budget") or Decimal(0) for r in rows), Decimal(0))
        if plan.budget is not None and budget > plan.budget:
            raise ValidationError(
                _("Jumlah bagian anggaran pelaksana (Rp %(shares)s) melebihi anggaran rencana aksi (Rp %(budget)s).")
                % {"shares": numbers.display(budget), "budget": numbers.display(plan.budget)}
            )
        output = sum((r.get("output_target") or Decimal(0) for r in rows), Decimal(0))
        if plan.output_target is not None and output > plan.output_target:
            raise ValidationError(
                _("Jumlah bagian target output pelaksana (%(shares)s) melebihi target output (%(target)s).")
                % {"shares": numbers.display(output), "target": numbers.display(plan.output_target)}
            )


class StageFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        plan = self.instance
        rows = [
            (f.cleaned_data["quarter"], f.cleaned_data["planned_progress"])
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("quarter") is not None
            and f.cleaned_data.get("planned_progress") is not None
        ]
        if plan.start_quarter and plan.end_quarter:
            check_stages(plan, rows)


class ActionAssignmentInline(admin.TabularInline):
    model = ActionAssignment
    formset = AssignmentFormSet
    extra = 0
    autocomplete_fields = ["unit"]


class ActionStageInline(admin.TabularInline):
    model = ActionStage
    formset = StageFormSet
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(RoadmapScopedAdmin, SimpleHistoryAdmin):
    form = ActionPlanForm
    list_display = [
        "code",
        "name",
        "year",
        "group",
        "kind_label",
        "coordinator",
        "budget",
        "start_quarter",
        "end_quarter",
        "quick_win",
        "is_active",
    ]
    list_filter = [
        "roadmap",
        "year",
        "group__kind",
        ("group__area", admin.RelatedOnlyFieldListFilter),
        ("group__theme", admin.RelatedOnlyFieldListFilter),
        ("coordinator", admin.RelatedOnlyFieldListFilter),
        "quick_win",
        "is_active",
    ]
    search_fields = ["code", "name", "output", "group__code", "group__name"]
    list_select_related = ["group", "coordinator", "roadmap"]
    autocomplete_fields = ["group", "coordinator", "indicators"]
    inlines = [ActionAssignmentInline, ActionStageInline]

    @admin.display(description=_("jenis"), ordering="group__kind")
    def kind_label(self, obj: ActionPlan) -> str:
        return str(ActionKind(obj.group.kind).label)


# --- kategori capaian and the traffic light ----------------------------------------------------------------


class CategoryFormSet(forms.BaseInlineFormSet):
    """The scale as a whole (areas.categories.scale_errors): a row alone cannot say the bounds descend."""

    def clean(self) -> None:
        # Before the formset's own uniqueness check, whose message names the columns, not the rule.
        if not any(form.errors for form in self.forms):  # a row's own error (an empty bound) is shown first
            rows = [
                Category(f.cleaned_data["name"], f.cleaned_data["lower_bound"], f.cleaned_data.get("inclusive", False))
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            errors = scale_errors(rows)
            if errors:
                raise ValidationError(errors)
        super().clean()


class CapaianCategoryInline(admin.TabularInline):
    model = CapaianCategory
    formset = CategoryFormSet
    extra = 1
    fields = ["name", "lower_bound", "inclusive"]


@admin.register(CapaianScale)
class CapaianScaleAdmin(admin.ModelAdmin):
    """One scale: its list page opens it; it cannot be deleted, and a second cannot be added."""

    inlines = [CapaianCategoryInline]
    fields = ["green_from", "yellow_from", "source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not CapaianScale.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        if CapaianScale.objects.filter(pk=CapaianScale.SINGLETON).exists():
            return HttpResponseRedirect(reverse("admin:areas_capaianscale_change", args=[CapaianScale.SINGLETON]))
        return super().changelist_view(request, extra_context)
