"""Forms for a congress's facts. They only parse input; the actions validate and write."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from daihoi.campaigns.models import Campaign, CongressKind

# dd/mm/yyyy first, whatever the language; ISO accepted too.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DayField(forms.DateField):
    """A date typed and shown as dd/mm/yyyy."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off", "size": 10},
            ),
        )
        kwargs.setdefault(
            "error_messages", {"invalid": _("Enter a date as day/month/year, e.g. 09/07/2020.")}
        )
        super().__init__(**kwargs)


def _count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
    )


class CongressForm(forms.Form):
    """The facts of a congress, as recorded by an editor."""

    term = forms.CharField(label=_("Term"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=CongressKind.choices)
    planned_on = DayField(label=_("Planned date"))
    held_on = DayField(label=_("Held date"))
    summoned = _count_field(_("Summoned"))
    attended = _count_field(_("Attended"))
    pilot = forms.BooleanField(label=_("Pilot congress"), required=False)


class NewCongressForm(CongressForm):
    """A congress for a unit in a campaign where it has none yet."""

    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.none())

    field_order = ["campaign"]

    def __init__(self, *args: Any, campaigns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns  # type: ignore[attr-defined]
