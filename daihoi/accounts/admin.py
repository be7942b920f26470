"""Admin: read-mostly. Grants are written through accounts.actions so they are audited;
the audit log and API tokens are read-only."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from daihoi.accounts.actions import do_grant_role, do_revoke_role
from daihoi.accounts.models import ApiToken, AuditEntry, Grant


class ReadOnlyAdmin(admin.ModelAdmin):
    """Browse and search only: changes go through the app's audited actions."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Grant)
class GrantAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__code", "unit__name")
    raw_id_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Changing a grant's user or unit would be a different grant: revoke and grant instead.
        return ("user", "unit") if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: Grant, form: Any, change: bool) -> None:
        grant = do_grant_role(request.user, obj.user, obj.unit, obj.role)
        obj.pk = grant.pk

    def delete_model(self, request: HttpRequest, obj: Grant) -> None:
        do_revoke_role(request.user, obj.user, obj.unit)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for grant in queryset.select_related("user", "unit"):
            do_revoke_role(request.user, grant.user, grant.unit)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "created_at")
    search_fields = ("user__username", "name")
    exclude = ("digest",)
    list_select_related = ("user",)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "object_type", "object_repr", "unit")
    list_filter = ("action", "object_type")
    search_fields = ("object_repr", "actor__username", "object_id")
    date_hierarchy = "at"
    list_select_related = ("actor", "unit")
