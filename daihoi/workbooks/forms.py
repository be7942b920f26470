"""The upload form: it checks the file's size and type; the import checks its content."""

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Every .xlsx file is a zip archive.
ZIP_SIGNATURE = b"PK\x03\x04"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Check only (dry run): report what would change, write nothing"),
        required=False,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.DAIHOI_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the largest workbook accepted is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(
                _("“%(name)s” is not an Excel workbook: choose a file ending in .xlsx.")
                % {"name": upload.name}
            )
        upload.seek(0)
        head = upload.read(len(ZIP_SIGNATURE))
        upload.seek(0)
        if head != ZIP_SIGNATURE:
            raise forms.ValidationError(
                _("“%(name)s” ends in .xlsx but its content is not an Excel workbook.")
                % {"name": upload.name}
            )
        return upload
