"""Forms of the counting pages; the actions check again whatever matters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.elections.models import CountMode, Rules
from daihoi.tally import DEDUCTIONS

NUMERIC = {"inputmode": "numeric", "min": 0}

DEDUCTION_LABELS = {
    "temporary_activity_elsewhere": _("on temporary party activity elsewhere"),
    "exempted_absent": _("exempted from party activity and absent"),
    "suspended": _("suspended from party activity"),
    "prosecuted": _("prosecuted, indicted or detained"),
    "absent_with_reason": _("absent throughout with an accepted reason"),
    "committee_absent": _("convening-committee members absent throughout"),
    "delegates_absent_unreplaced": _("official delegates absent, no alternate replacing them"),
}
DEFECT_LABELS = {
    "not_issued": _("not issued by the board"),
    "unstamped": _("no seal"),
    "write_in": _("a name written in"),
    "special_mark": _("a special mark or signature"),
}

REASON_LABELS = {
    **DEFECT_LABELS,
    "too_many_kept": _("more names kept than places"),
    "all_struck": _("every name struck out"),
    "all_disagree": _("every name marked disagree"),
    "no_agree": _("no name marked agree"),
    "one_person_both": _("one name, both boxes marked"),
    "one_person_none": _("one name, no box marked"),
    "unspecified": _("reason not given"),
}
OUTCOME_LABELS = {
    "complete": _("complete"),
    "tie_at_cutoff": _("tie at the cut-off"),
    "shortfall": _("places unfilled"),
    "needs_board_decision": _("the board must decide"),
}


class SetupForm(forms.Form):
    rules = forms.ChoiceField(label=_("Election regulation"), choices=Rules.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, widget=forms.NumberInput(NUMERIC))
    alternates = forms.IntegerField(
        label=_("Alternates"), min_value=0, initial=0, widget=forms.NumberInput(NUMERIC)
    )


class OpenCountForm(forms.Form):
    mode = forms.ChoiceField(label=_("How the board counts"), choices=CountMode.choices)
    issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, required=False, widget=forms.NumberInput(NUMERIC)
    )
    summoned = forms.IntegerField(
        label=_("Summoned"), min_value=1, widget=forms.NumberInput(NUMERIC)
    )
    board = forms.CharField(
        label=_("Counting board"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One member per line, the head first."),
    )
    accept_surplus = forms.BooleanField(
        label=_("The congress voted this list despite the surplus warning"), required=False
    )

    def __init__(self, *args: Any, kind: str = "members", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deduction_names = list(DEDUCTIONS.get(kind, ()))
        for name in self.deduction_names:
            self.fields[f"d_{name}"] = forms.IntegerField(
                label=DEDUCTION_LABELS.get(name, name),
                min_value=0,
                initial=0,
                required=False,
                widget=forms.NumberInput(NUMERIC),
            )

    def deductions(self) -> dict[str, int]:
        return {
            n: self.cleaned_data.get(f"d_{n}") or 0
            for n in self.deduction_names
            if self.cleaned_data.get(f"d_{n}")
        }

    def board_members(self) -> list[dict[str, Any]]:
        lines = [ln.strip() for ln in self.cleaned_data["board"].splitlines() if ln.strip()]
        return [
            {"name": line, "role": "Trưởng ban" if i == 0 else "Ủy viên", "is_head": i == 0}
            for i, line in enumerate(lines)
        ]


class EntryForm(forms.Form):
    number = forms.IntegerField(
        label=_("Ballot number"), min_value=1, widget=forms.NumberInput(NUMERIC)
    )
    line = forms.CharField(label=_("Struck numbers and keys"), required=False, max_length=2000)
    struck = forms.TypedMultipleChoiceField(
        label=_("Struck out"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    defects = forms.MultipleChoiceField(
        label=_("Defects"),
        required=False,
        choices=list(DEFECT_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, names: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        struck = self.fields["struck"]
        assert isinstance(struck, forms.TypedMultipleChoiceField)
        struck.choices = [(i, f"{i}. {n}") for i, n in enumerate(names or [], 1)]


class TotalsForm(forms.Form):
    returned = forms.IntegerField(
        label=_("Ballots returned"), min_value=0, widget=forms.NumberInput(NUMERIC)
    )
    invalid = forms.IntegerField(
        label=_("Invalid ballots"), min_value=0, widget=forms.NumberInput(NUMERIC)
    )

    def __init__(self, *args: Any, names: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = names or []
        for i, name in enumerate(self.names, 1):
            self.fields[f"v{i}"] = forms.IntegerField(
                label=f"{i}. {name}", min_value=0, initial=0, widget=forms.NumberInput(NUMERIC)
            )
        for code, label in DEFECT_LABELS.items():
            self.fields[f"r_{code}"] = forms.IntegerField(
                label=label, min_value=0, required=False, widget=forms.NumberInput(NUMERIC)
            )

    def votes(self) -> dict[str, int]:
        return {n: self.cleaned_data[f"v{i}"] for i, n in enumerate(self.names, 1)}

    def invalid_reasons(self) -> dict[str, int]:
        """The reasons given; the rest of the invalid ballots count as unspecified."""
        reasons = {
            code: self.cleaned_data.get(f"r_{code}") or 0
            for code in DEFECT_LABELS
            if self.cleaned_data.get(f"r_{code}")
        }
        if not reasons:
            return {}
        rest = (self.cleaned_data.get("invalid") or 0) - sum(reasons.values())
        if rest > 0:
            reasons["unspecified"] = rest
        return reasons

    def vote_fields(self) -> list[forms.BoundField]:
        return [self[f"v{i}"] for i in range(1, len(self.names) + 1)]

    def reason_fields(self) -> list[forms.BoundField]:
        return [self[f"r_{code}"] for code in DEFECT_LABELS]


class RecountForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the ballots are counted again"), widget=forms.Textarea(attrs={"rows": 3})
    )
    issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, required=False, widget=forms.NumberInput(NUMERIC)
    )


class NextRoundForm(forms.Form):
    names = forms.MultipleChoiceField(
        label=_("Names on the further round's list"), widget=forms.CheckboxSelectMultiple
    )
    authorized_by = forms.CharField(label=_("Authorized by"), max_length=255)
    reason = forms.CharField(
        label=_("The congress's decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    mode = forms.ChoiceField(label=_("How the board counts"), choices=CountMode.choices)
    issued = forms.IntegerField(
        label=_("Ballots issued"), min_value=0, required=False, widget=forms.NumberInput(NUMERIC)
    )

    def __init__(self, *args: Any, names: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["names"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(n, n) for n in names or []]


class MinutesForm(forms.Form):
    place = forms.CharField(label=_("Place (date line)"), required=False, max_length=100)
    venue = forms.CharField(label=_("Venue"), required=False, max_length=200)
    started_at = forms.CharField(label=_("Counting started at"), required=False, max_length=40)
    finished_at = forms.CharField(label=_("Minutes finished at"), required=False, max_length=40)
    number = forms.IntegerField(
        label=_("Document number"), min_value=1, required=False, widget=forms.NumberInput(NUMERIC)
    )
