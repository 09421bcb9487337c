"""Forms of the report page's Rencana Aksi section: one small form per action row, prefixed `a<pk>`.

Numbers are read by roadmap.numbers (the rules of the indicator rows, the API and the import); the form checks
only what can be read; the ranges and the status rules are the service's (services.actions), whose field
errors the view puts back on the form. The inputs are written by the macros of
templates/jinja2/evaluations/officer/_widgets.jinja from the bound fields.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from evaluations.forms import TEXT_MAX_LENGTH, copy_field
from evaluations.models import ActionProgress, ActionStatus
from evaluations.services.actions import ActionInput
from roadmap import numbers


class NumberField(forms.Field):
    """A number the Indonesian way (85,5 or 1.234.567), of one column's size."""

    widget = forms.TextInput

    def __init__(self, *, size: numbers.Size, **kwargs: Any) -> None:
        self.size = size
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal):
            return value
        return numbers.parse(str(value) if value is not None else "", self.size)

    def prepare_value(self, value: Any) -> Any:
        return numbers.plain(value) if isinstance(value, Decimal) else value


STATUS_CHOICES = [("", gettext_lazy("— belum dilaporkan —")), *ActionStatus.choices]


def _text(label: Any) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea)


class _ActionFields(forms.Form):
    """ActionProgressForm's fields, declared the usual way; _row_fields prepares them once (as evaluations.forms
    does for the indicator rows: BaseForm.__init__ would deep-copy them for every row's form)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=STATUS_CHOICES, required=False)
    progress = NumberField(label=gettext_lazy("Progres kumulatif (%)"), size=numbers.PERCENT, required=False)
    output_realised = NumberField(label=gettext_lazy("Realisasi output"), size=numbers.VALUE, required=False)
    budget_realised = NumberField(label=gettext_lazy("Realisasi anggaran (Rp)"), size=numbers.RUPIAH, required=False)
    penjelasan = _text(gettext_lazy("Penjelasan"))
    kendala = _text(gettext_lazy("Kendala"))
    rencana_tindak_lanjut = _text(gettext_lazy("Rencana Tindak Lanjut"))


@functools.cache
def _row_fields(editable: bool) -> dict[str, forms.Field]:
    """The prototype fields of a row, never handed out: forms get copies (copy_field)."""
    fields = copy.deepcopy(_ActionFields.base_fields)
    for field in fields.values():
        field.disabled = not editable
    return fields


class ActionProgressForm(forms.Form):
    """The officer's input for one rencana aksi row of the report (the fields of _ActionFields)."""

    def __init__(self, *args: Any, row: ActionProgress, editable: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"a{row.pk}")
        kwargs.setdefault(
            "initial",
            {
                "version": row.version,
                "status": row.status,
                "progress": row.progress,
                "output_realised": row.output_realised,
                "budget_realised": row.budget_realised,
                "penjelasan": row.penjelasan,
                "kendala": row.kendala,
                "rencana_tindak_lanjut": row.rencana_tindak_lanjut,
            },
        )
        super().__init__(*args, **kwargs)
        self.row = row
        self.fields = {name: copy_field(field) for name, field in _row_fields(editable).items()}

    def to_input(self) -> ActionInput:
        data = dict(self.cleaned_data)
        version = data.pop("version")
        return ActionInput(row_id=self.row.pk, version=version, data=data)

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        """The service's refusal, by field, beside the fields (after is_valid())."""
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, ValidationError(messages))


class ActionReportForm:
    """All the action rows of a report as one form (the page's Simpan Draf): valid only when every row is."""

    def __init__(
        self, rows: Iterable[ActionProgress], data: Mapping[str, Any] | None = None, *, editable: bool = True
    ) -> None:
        # A row the page did not post (added since it was loaded) is left alone, not refused.
        self.forms = {
            row.pk: ActionProgressForm(
                data if data is None or f"a{row.pk}-version" in data else None, row=row, editable=editable
            )
            for row in rows
        }

    def _bound(self) -> list[ActionProgressForm]:
        return [form for form in self.forms.values() if form.is_bound]

    def is_valid(self) -> bool:
        return all([form.is_valid() for form in self._bound()])  # noqa: C419 - validate every row

    @property
    def error_count(self) -> int:
        return sum(1 for form in self._bound() if form.errors)

    def inputs(self) -> list[ActionInput]:
        return [form.to_input() for form in self._bound()]

    def add_service_errors(self, errors: Mapping[int, Mapping[str, list[str]]]) -> None:
        for row_id, fields in errors.items():
            if row_id in self.forms:
                self.forms[row_id].add_service_errors(fields)
