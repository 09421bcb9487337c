"""Forms of the yearly results: a sasaran indicator's line of the year, and the Indeks RB of a year.

Numbers the Indonesian way (roadmap.numbers, through forms_actions.NumberField); files are checked by the service
(evaluations.services.evidence.check_file), not here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.forms import EvidenceUploadForm, MultipleFileField, MultipleFileInput
from evaluations.forms_actions import NumberField
from evaluations.selectors.yearly import SasaranLine
from evaluations.services.yearly import NOTE_MAX_LENGTH, RbEvaluationInput, RealisationInput
from roadmap import numbers

SCORE = numbers.Size(max_digits=6, places=2)  # RbEvaluation's values
ACCEPT = ".pdf,.jpg,.jpeg,.png,.xlsx,.docx"


class SasaranLineForm(forms.Form):
    """One indicator's line; its prefix is the indicator's id, so one page posts every line at once."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    realisasi = NumberField(label=gettext_lazy("Realisasi"), size=numbers.VALUE, required=False)
    keterangan = forms.CharField(
        label=gettext_lazy("Keterangan"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )
    berkas = MultipleFileField(
        label=gettext_lazy("Bukti Dukung"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args: Any, line: SasaranLine, **kwargs: Any) -> None:
        self.line = line
        initial = {"version": line.version, "realisasi": line.value, "keterangan": line.note}
        super().__init__(*args, prefix=f"s{line.indicator.pk}", initial=initial, **kwargs)
        self.fields["realisasi"].widget.attrs.update(
            {"class": "form-control form-control-sm num", "inputmode": "decimal"}
        )

    def clean_berkas(self) -> list[Any]:
        files = self.cleaned_data["berkas"]
        if len(files) > EvidenceUploadForm.MAX_FILES:
            raise ValidationError(_("Paling banyak %(n)s berkas sekaligus.") % {"n": EvidenceUploadForm.MAX_FILES})
        return files

    def to_input(self) -> RealisationInput:
        data = self.cleaned_data
        return RealisationInput(
            indicator_id=self.line.indicator.pk,
            value=data["realisasi"],
            note=data["keterangan"].strip(),
            version=data["version"],
            files=tuple(data["berkas"]),
        )


class RbEvaluationForm(forms.Form):
    """A year's Indeks RB; `tahun` is asked only when the year is new (an edit keeps its year)."""

    tahun = forms.IntegerField(label=gettext_lazy("Tahun evaluasi"), min_value=2000, max_value=2100)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, initial=0)
    nilai_general = NumberField(
        label=gettext_lazy("Nilai RB General"), size=SCORE, help_text=gettext_lazy("0 sampai 100, contoh 62,15.")
    )
    nilai_tematik = NumberField(
        label=gettext_lazy("Nilai RB Tematik"),
        size=SCORE,
        required=False,
        help_text=gettext_lazy("0 sampai 20 (bobot RB Tematik); kosongkan bila tidak dinilai."),
    )
    nomor_lhe = forms.CharField(label=gettext_lazy("Nomor LHE"), max_length=100, required=False)
    tanggal_lhe = forms.DateField(
        label=gettext_lazy("Tanggal LHE"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    dokumen = forms.FileField(
        label=gettext_lazy("Dokumen LHE"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
        help_text=gettext_lazy("PDF, JPG, PNG, XLSX atau DOCX; mengganti dokumen yang ada."),
    )
    catatan = forms.CharField(
        label=gettext_lazy("Catatan"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        if year is not None:
            del self.fields["tahun"]
        for name, field in self.fields.items():
            if name != "version":
                field.widget.attrs.setdefault("class", "form-control")

    def to_input(self) -> RbEvaluationInput:
        data = self.cleaned_data
        return RbEvaluationInput(
            year=self.year if self.year is not None else data["tahun"],
            general_value=data["nilai_general"],
            tematik_value=data["nilai_tematik"],
            lhe_number=data["nomor_lhe"].strip(),
            lhe_date=data["tanggal_lhe"],
            notes=data["catatan"].strip(),
            version=data["version"],
            document=data["dokumen"],
        )
