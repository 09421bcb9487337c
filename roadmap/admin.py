from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from roadmap import audit
from roadmap.forms import AdminLoginForm
from roadmap.models import AuditEvent, Roadmap, Unit, User

# The admin's sign-in refuses an over-long name with a message, as the site's own does (roadmap.forms).
admin.site.login_form = AdminLoginForm


@admin.register(Roadmap)
class RoadmapAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year", "legal_basis", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "legal_basis"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "head_name", "contact_email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "slug", "head_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["parent"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    """Users, with their history ("Riwayat" button): every change of role, unit and rights, from any path."""

    history_list_display = ["peran", "perangkat_daerah", "is_active", "is_staff", "is_superuser"]
    list_display = ["username", "get_full_name", "email", "role", "unit", "is_active"]
    list_filter = ["role", "is_active", "unit"]
    search_fields = ["username", "first_name", "last_name", "email", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Peran"), {"fields": ("role", "unit")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Peran"), {"fields": ("email", "role", "unit")}),
    )

    # Columns of the history list, from a historical record: the role's label, the unit's name.
    def peran(self, record: Any) -> str:
        return str(record.get_role_display())

    def perangkat_daerah(self, record: Any) -> str:
        return str(Unit.objects.filter(pk=record.unit_id).first() or "—")

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # A change of role, rights or unit is a security event: recorded with who did it.
        before = User.objects.select_related("unit").filter(pk=obj.pk).first() if change else None
        super().save_model(request, obj, form, change)
        audit.record_user_change(request=request, before=before, after=obj)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is written by roadmap.audit only, and nobody edits or deletes it here."""

    list_display = ["at", "kind", "username", "user", "ip", "detail"]
    list_filter = ["kind", "at"]
    search_fields = ["username", "user__username", "ip"]
    date_hierarchy = "at"
    list_select_related = ["user"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
