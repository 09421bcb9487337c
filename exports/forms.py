"""Forms of the import page."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from roadmap.models import Roadmap

IMPORT_MAX_BYTES = 5 * 1024 * 1024


def _active_roadmap() -> Roadmap | None:
    return Roadmap.objects.filter(is_active=True).first()


class ImportForm(forms.Form):
    roadmap = forms.ModelChoiceField(
        label=_("Road map"), queryset=Roadmap.objects.order_by("-start_year"), initial=_active_roadmap
    )
    berkas = forms.FileField(label=_("Berkas XLSX"), help_text=_("Gunakan templat impor; maksimum 5 MB."))

    def clean_berkas(self) -> UploadedFile:
        berkas: UploadedFile = self.cleaned_data["berkas"]
        if not (berkas.name or "").lower().endswith(".xlsx"):
            raise ValidationError(_("Berkas harus berformat .xlsx."))
        if berkas.size and berkas.size > IMPORT_MAX_BYTES:
            raise ValidationError(_("Berkas terlalu besar (maksimum 5 MB)."))
        return berkas
