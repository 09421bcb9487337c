from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from roadmap.models import Roadmap, Unit, User


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
class UserAdmin(BaseUserAdmin):
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
