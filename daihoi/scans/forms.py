"""Forms of the scan pages; the actions check the files and readings again."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from daihoi.elections.counting.entry import DEFECT_LETTERS, Reading
from daihoi.elections.counting.forms import DEFECT_LABELS

ACCEPT = ".png,.jpg,.jpeg,.tif,.tiff,.pdf,image/png,image/jpeg,image/tiff,application/pdf"
MARK_LABELS = {
    "agree": _("agree"),
    "disagree": _("disagree"),
    "both": _("both boxes"),
    "none": _("no box"),
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT, "multiple": True}))
        # An empty file is refused by the upload, with every other bad file, by its name.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class UploadForm(forms.Form):
    images = MultipleFileField(
        label=_("Ballot images (PNG, JPEG, TIFF or PDF)"),
        help_text=_(
            "Several files at once, or one PDF or TIFF with a page per ballot. Files are "
            "numbered in name order, pages in file order, after the ballots already scanned."
        ),
    )

    def clean_images(self) -> Any:
        uploads = self.cleaned_data["images"]
        if not uploads:
            raise forms.ValidationError(_("Choose the ballot images to upload."))
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        if limit and len(uploads) > limit:
            raise forms.ValidationError(
                _("At most %(limit)s files at once: upload the rest as another batch.")
                % {"limit": limit}
            )
        return uploads


class RescanForm(forms.Form):
    file = forms.FileField(
        label=_("New image of this ballot"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class DiscardForm(forms.Form):
    reason = forms.CharField(label=_("Why this page is not a ballot of this count"), max_length=200)


class ScannedAloneForm(forms.Form):
    scanned_alone = forms.BooleanField(
        label=_("Count from the scanned ballots alone (a typed stream is optional)"),
        required=False,
    )


class DecisionForm(forms.Form):
    """The board's reading of one ballot: struck names (surplus list) or one mark per name
    (agree/disagree columns), and the defects. The page's keys fill the same fields."""

    defects = forms.MultipleChoiceField(
        label=_("Defects"),
        required=False,
        choices=[(code, label) for code, label in DEFECT_LABELS.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, names: list[str], surplus: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names, self.surplus = names, surplus
        if surplus:
            self.fields["struck"] = forms.TypedMultipleChoiceField(
                label=_("Struck names"),
                required=False,
                coerce=int,
                choices=[(i, n) for i, n in enumerate(names, 1)],
                widget=forms.CheckboxSelectMultiple,
            )
        else:
            for i, _name in enumerate(names, 1):
                self.fields[f"mark_{i}"] = forms.ChoiceField(
                    choices=list(MARK_LABELS.items()), initial="agree", widget=forms.RadioSelect
                )

    def reading(self) -> Reading:
        data = self.cleaned_data
        defects = tuple(sorted(d for d in data.get("defects", []) if d in DEFECT_LETTERS))
        if self.surplus:
            return Reading(struck=tuple(sorted(set(data.get("struck", [])))), defects=defects)
        marks = tuple(data.get(f"mark_{i}", "agree") for i in range(1, len(self.names) + 1))
        return Reading(marks=marks, defects=defects)

    def items(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """One line per name: its widgets and what the machine said about the row."""
        machine = {r.get("number"): r for r in rows}
        checks = list(self["struck"]) if self.surplus else []
        out = []
        for i, name in enumerate(self.names, 1):
            item = {"number": i, "name": name, "doubtful": bool(machine.get(i, {}).get("doubtful"))}
            if self.surplus:
                item["check"] = checks[i - 1]
            else:
                item["radios"] = list(self[f"mark_{i}"])
            out.append(item)
        return out


def initial_for(reading: dict[str, Any] | None, surplus: bool, size: int) -> dict[str, Any]:
    """The form's initial values from a stored reading ({"struck", "marks", "defects"})."""
    reading = reading or {}
    initial: dict[str, Any] = {"defects": list(reading.get("defects", []))}
    if surplus:
        initial["struck"] = list(reading.get("struck", []))
    else:
        marks = list(reading.get("marks", [])) or ["agree"] * size
        for i, mark in enumerate(marks[:size], 1):
            initial[f"mark_{i}"] = mark
    return initial
