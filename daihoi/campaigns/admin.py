"""Admin: browse campaigns and congresses (changes go through campaigns.actions, audited)."""

from django.contrib import admin

from daihoi.accounts.admin import ReadOnlyAdmin, ReadOnlyInline
from daihoi.campaigns.models import Campaign, Congress
from daihoi.elections.models import Election


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "previous")
    search_fields = ("code", "name")


class ElectionInline(ReadOnlyInline):
    model = Election
    fields = ("body", "seats", "elected_by")


@admin.register(Congress)
class CongressAdmin(ReadOnlyAdmin):
    list_display = ("unit", "campaign", "term", "kind", "planned_on", "held_on", "pilot")
    list_filter = ("campaign", "kind", "pilot", "unit__level")
    search_fields = ("unit__code", "unit__name")
    date_hierarchy = "held_on"
    list_select_related = ("unit", "campaign")
    raw_id_fields = ("unit",)
    inlines = [ElectionInline]
