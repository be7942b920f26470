"""Forms for elections and the results form (one row per candidate)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.elections.actions import (
    CANDIDATE_FIELDS,
    CandidateRow,
    check_candidate_values,
    check_elected_count,
    check_unique_names,
)
from daihoi.elections.models import Body, Candidate, ElectedBy, Gender


class ElectionForm(forms.Form):
    body = forms.ChoiceField(label=_("Body"), choices=Body.choices)
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    elected_by = forms.ChoiceField(label=_("Elected by"), choices=ElectedBy.choices)


class CandidateForm(forms.Form):
    """One candidate: identity and result. Checked with the same rules as the action."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    incumbent = forms.BooleanField(label=_("Incumbent"), required=False)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *Gender.choices], required=False
    )
    birth_year = forms.IntegerField(
        label=_("Birth year"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "size": 4}),
    )
    ethnicity = forms.CharField(label=_("Ethnicity"), max_length=60, required=False)
    votes = forms.IntegerField(
        label=_("Votes"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )
    elected = forms.BooleanField(label=_("Elected"), required=False)

    def __init__(self, *args: Any, attended: int | None = None, **kwargs: Any) -> None:
        self.attended = attended
        super().__init__(*args, **kwargs)
        # Rows show no labels of their own: the column header names each input.
        for name, form_field in self.fields.items():
            form_field.widget.attrs.setdefault("aria-label", str(form_field.label or name))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("DELETE"):
            return data
        if not self.has_changed() and not data.get("id"):
            return data
        for name, message in check_candidate_values(data, self.attended).items():
            if not self.has_error(name):
                self.add_error(name, message)
        return data


class BaseCandidateFormSet(forms.BaseFormSet):
    """All rows together: names unique, elected not above seats."""

    def __init__(self, *args: Any, seats: int, attended: int | None, **kwargs: Any) -> None:
        self.seats = seats
        self.attended = attended
        super().__init__(*args, **kwargs)

    def add_fields(self, form: Any, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs["aria-label"] = str(_("Delete"))

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "attended": self.attended}

    def kept_rows(self) -> list[dict[str, Any]]:
        return [
            f.cleaned_data
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and (f.cleaned_data.get("id") or f.has_changed())
        ]

    def clean(self) -> None:
        if any(self.errors):
            return
        rows = self.kept_rows()
        check_unique_names(r["full_name"] for r in rows)
        check_elected_count(self.seats, sum(1 for r in rows if r.get("elected")))

    def to_rows(self) -> list[CandidateRow]:
        """The rows for `do_save_candidates`."""
        rows = []
        for f in self.forms:
            data = f.cleaned_data
            pk = data.get("id")
            if data.get("DELETE"):
                if pk:
                    rows.append(CandidateRow(pk, delete=True))
                continue
            if not pk and not f.has_changed():
                continue
            rows.append(CandidateRow(pk, {k: data.get(k) for k in CANDIDATE_FIELDS}))
        return rows


def candidate_formset(
    data: Any, candidates: list[Candidate], seats: int, attended: int | None
) -> BaseCandidateFormSet:
    """The results form: one row per candidate, plus blank rows to add names."""
    initial = [{"id": c.pk, **{k: getattr(c, k) for k in CANDIDATE_FIELDS}} for c in candidates]
    blank = min(max(2, seats + 2 - len(candidates)), 60)
    formset_class = forms.formset_factory(
        CandidateForm,
        formset=BaseCandidateFormSet,
        extra=blank,
        can_delete=True,
        max_num=500,
        absolute_max=500,
    )
    formset: BaseCandidateFormSet = formset_class(  # type: ignore[call-arg,assignment]
        data, initial=initial, prefix="c", seats=seats, attended=attended
    )
    return formset
