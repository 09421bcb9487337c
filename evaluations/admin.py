from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import Cycle, Evidence, Progress, Reminder, Report, ReviewDecision


@admin.register(Cycle)
class CycleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "year", "quarter", "opens_on", "due_on", "closes_on", "state"]
    list_filter = ["roadmap", "year", "quarter", "state"]
    search_fields = ["roadmap__name"]


class ProgressInline(admin.TabularInline):
    model = Progress
    extra = 0
    fields = ["indicator", "target_value", "realisasi", "milestone_done", "capaian"]
    readonly_fields = fields
    can_delete = False


@admin.register(Report)
class ReportAdmin(SimpleHistoryAdmin):
    list_display = ["unit", "cycle", "status", "submitted_at", "approved_at", "revision_due_on"]
    list_filter = ["status", "cycle__year", "cycle__quarter", "unit"]
    search_fields = ["unit__name", "unit__short_name"]
    list_select_related = ["unit", "cycle", "cycle__roadmap"]
    # Status changes go through the services (review pages), never a raw edit here.
    readonly_fields = ["unit", "cycle", "status", "submitted_at", "first_submitted_at", "approved_at", "returned_at"]
    inlines = [ProgressInline]


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["original_name", "progress", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["content_type"]
    search_fields = ["original_name", "progress__indicator__code"]
    list_select_related = ["progress__indicator", "progress__report__unit", "uploaded_by"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    list_display = ["report", "decision", "reviewer", "created_at"]
    list_filter = ["decision"]
    search_fields = ["report__unit__name", "reason"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["report", "kind", "sent_on", "status", "attempts", "escalated"]
    list_filter = ["kind", "status", "sent_on"]
    search_fields = ["report__unit__name", "recipients", "error"]
    list_select_related = ["report__unit", "report__cycle"]
