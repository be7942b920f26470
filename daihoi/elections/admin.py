"""Admin: browse elections and their candidates (changes go through elections.actions)."""

from django.contrib import admin

from daihoi.accounts.admin import ReadOnlyAdmin, ReadOnlyInline
from daihoi.elections.models import Candidate, Election


class CandidateInline(ReadOnlyInline):
    model = Candidate
    fields = ("full_name", "incumbent", "gender", "birth_year", "ethnicity", "votes", "elected")


@admin.register(Election)
class ElectionAdmin(ReadOnlyAdmin):
    list_display = ("congress", "body", "seats", "elected_by")
    list_filter = ("body", "elected_by", "congress__campaign")
    search_fields = ("congress__unit__code", "congress__unit__name")
    list_select_related = ("congress__unit", "congress__campaign")
    inlines = [CandidateInline]


@admin.register(Candidate)
class CandidateAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "election", "incumbent", "gender", "votes", "elected")
    list_filter = ("elected", "incumbent", "gender")
    search_fields = ("full_name",)
    list_select_related = ("election__congress__unit", "election__congress__campaign")
