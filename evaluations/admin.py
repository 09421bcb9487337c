from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from evaluations.models import (
    Cycle,
    Evidence,
    Progress,
    RbEvaluation,
    Recommendation,
    RecommendationAssignment,
    Reminder,
    Report,
    ReviewDecision,
)
from evaluations.services import follow_ups


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


@admin.register(RbEvaluation)
class RbEvaluationAdmin(SimpleHistoryAdmin):
    list_display = ["year", "roadmap", "general_value", "tematik_value", "lhe_number", "lhe_date"]
    list_filter = ["roadmap"]
    search_fields = ["lhe_number"]
    exclude = ["updated_by", "document", "document_name"]

    def save_model(self, request: HttpRequest, obj: RbEvaluation, form: Any, change: bool) -> None:
        obj.updated_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)
        # A changed LHE date may bring the recommendations into an open cycle's reports.
        follow_ups.follow_up_sync_open_cycles(evaluation=obj)


class RecommendationAssignmentInline(admin.TabularInline):
    model = RecommendationAssignment
    extra = 1
    min_num = 1


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    """The same entry as the staff page (evaluations/views/recommendations.py), for the admin: the open cycles'
    reports of the units get their rows once the units are saved (services.follow_ups)."""

    list_display = ["__str__", "evaluation", "number", "due_year", "due_quarter"]
    list_filter = ["evaluation__year", "due_year"]
    search_fields = ["text"]
    list_select_related = ["evaluation"]
    inlines = [RecommendationAssignmentInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        follow_ups.follow_up_sync_open_cycles(evaluation=form.instance.evaluation)
