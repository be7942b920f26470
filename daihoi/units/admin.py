"""Admin: browse the tree (changes come through imports and the app's forms)."""

from django.contrib import admin

from daihoi.accounts.admin import ReadOnlyAdmin
from daihoi.units.models import Level, Unit


@admin.register(Level)
class LevelAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "rank")


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "members", "depth", "numchild")
    list_filter = ("level",)
    search_fields = ("code", "name")
    ordering = ("path",)
    list_select_related = ("level",)
