"""Forms of the officer's report page: one small form per progress row, numbers the Indonesian way.

A realisasi is read by roadmap.numbers, the rules the API and the XLSX import read with too.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluations.models import Progress
from evaluations.services.reports import ProgressInput
from roadmap import numbers

_T = TypeVar("_T")

TEXT_MAX_LENGTH = 5000


class AngkaField(forms.Field):
    widget = forms.TextInput

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        # What the browser posts is always text: read it as text (a number here is typed, never a cell).
        return numbers.parse(str(value) if value is not None else "", numbers.VALUE)

    def prepare_value(self, value: Any) -> Any:
        return numbers.plain(value) if isinstance(value, Decimal) else value


MILESTONE_CHOICES = [
    ("", gettext_lazy("— belum diisi —")),
    ("1", gettext_lazy("Tercapai")),
    ("0", gettext_lazy("Belum")),
]


def _to_bool(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class _ProgressFields(forms.Form):
    """ProgressForm's fields, declared the usual way; _row_fields prepares them once per kind of row.

    Their widgets only read the posted data: the card writes the inputs with the macros of
    templates/jinja2/evaluations/officer/_widgets.jinja, from the bound field (no widget template per field).
    """

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    realisasi = AngkaField(label=gettext_lazy("Realisasi"), required=False)
    milestone_done = forms.TypedChoiceField(
        label=gettext_lazy("Realisasi"),
        choices=MILESTONE_CHOICES,
        coerce=_to_bool,
        empty_value=None,
        required=False,
    )
    penjelasan = forms.CharField(
        label=gettext_lazy("Penjelasan"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
    )
    kendala = forms.CharField(
        label=gettext_lazy("Kendala"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
    )
    rencana_tindak_lanjut = forms.CharField(
        label=gettext_lazy("Rencana Tindak Lanjut"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
    )


@functools.cache
def _row_fields(is_milestone: bool, editable: bool) -> dict[str, forms.Field]:
    """The prototype fields of one kind of row, never handed out: forms get copies (copy_field)."""
    fields = copy.deepcopy(_ProgressFields.base_fields)
    # A milestone is done or not; any other indicator has a number.
    del fields["realisasi" if is_milestone else "milestone_done"]
    for field in fields.values():
        field.disabled = not editable
    return fields


def _shallow(obj: _T) -> _T:
    """copy.copy for a plain object (what its __reduce_ex__ path ends in), at a fraction of the cost."""
    copied = object.__new__(type(obj))
    copied.__dict__.update(obj.__dict__)
    return copied


def copy_field(field: forms.Field) -> forms.Field:
    """Field.__deepcopy__ without the deep copy of the choices (fixed pairs, never changed; the milestone's, the
    rencana aksi status'): the form's own field, widget and attrs, so that a change to one form's field touches no
    other form. The report page builds one form per row, forty and more per page and per save."""
    copied = _shallow(field)
    copied.widget = _shallow(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


class ProgressForm(forms.Form):
    """The officer's input for one indicator; prefixed `p<pk>` so that a page holds many.

    Its fields are _ProgressFields'. They are not declared here because BaseForm.__init__ deep-copies the
    declared fields of every form, forty forms per page and per save; each form copies a prepared prototype
    instead (_row_fields), a quarter of the cost.
    """

    def __init__(self, *args: Any, progress: Progress, editable: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"p{progress.pk}")
        kwargs.setdefault(
            "initial",
            {
                "version": progress.version,
                "realisasi": progress.realisasi,
                "milestone_done": {True: "1", False: "0"}.get(progress.milestone_done, ""),
                "penjelasan": progress.penjelasan,
                "kendala": progress.kendala,
                "rencana_tindak_lanjut": progress.rencana_tindak_lanjut,
            },
        )
        super().__init__(*args, **kwargs)
        self.progress = progress
        prototype = _row_fields(progress.indicator.is_milestone, editable)
        self.fields = {name: copy_field(field) for name, field in prototype.items()}

    def to_input(self) -> ProgressInput:
        data = self.cleaned_data
        return ProgressInput(
            progress_id=self.progress.pk,
            version=data["version"],
            realisasi=data.get("realisasi"),
            milestone_done=data.get("milestone_done"),
            penjelasan=data["penjelasan"].strip(),
            kendala=data["kendala"].strip(),
            rencana_tindak_lanjut=data["rencana_tindak_lanjut"].strip(),
        )


class ReportForm:
    """All the progress rows of a report as one form: valid only when every row is."""

    def __init__(
        self, progress_rows: Iterable[Progress], data: Mapping[str, Any] | None = None, *, editable: bool = True
    ) -> None:
        # A row the page did not post (added since it was loaded) is left alone, not refused.
        self.forms = {
            p.pk: ProgressForm(
                data if data is None or f"p{p.pk}-version" in data else None, progress=p, editable=editable
            )
            for p in progress_rows
        }

    def __getitem__(self, progress_pk: int) -> ProgressForm:
        return self.forms[progress_pk]

    def _bound(self) -> list[ProgressForm]:
        return [form for form in self.forms.values() if form.is_bound]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self._bound()])  # noqa: C419 - validate every row

    @property
    def error_count(self) -> int:
        return sum(1 for form in self.forms.values() if form.is_bound and form.errors)

    def inputs(self) -> list[ProgressInput]:
        return [form.to_input() for form in self._bound()]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.Field):
    """The uploaded files as a list; their content is checked by the service (evidence.py), not here."""

    widget = MultipleFileInput

    def to_python(self, data: Any) -> list[Any]:
        if not data:
            return []
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class EvidenceUploadForm(forms.Form):
    """Several bukti dukung files at once."""

    MAX_FILES = 10

    berkas = MultipleFileField(
        label=gettext_lazy("Bukti Dukung"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.xlsx,.docx", "class": "form-control"}),
    )

    def clean_berkas(self) -> list[Any]:
        files = self.cleaned_data["berkas"]
        if not files:
            raise ValidationError(_("Pilih minimal satu berkas."))
        if len(files) > self.MAX_FILES:
            raise ValidationError(_("Paling banyak %(n)s berkas sekaligus.") % {"n": self.MAX_FILES})
        return files
