"""Forms of the report page's "Tindak Lanjut Rekomendasi LHE" section: one small form per row, prefixed `f<pk>`.

The form reads what it can; the status rules are the service's (services.follow_ups), whose field errors the view
puts back on the form. The inputs are written by the macros of templates/jinja2/evaluations/officer/_widgets.jinja.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from evaluations.forms import TEXT_MAX_LENGTH
from evaluations.forms_actions import ReportRowsForm
from evaluations.models import FollowUp, FollowUpStatus
from evaluations.services.rows import RowInput

STATUS_CHOICES = [("", gettext_lazy("— belum dilaporkan —")), *FollowUpStatus.choices]


class FollowUpForm(forms.Form):
    """The officer's input for one recommendation's tindak lanjut in the report."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    status = forms.ChoiceField(label=gettext_lazy("Status tindak lanjut"), choices=STATUS_CHOICES, required=False)
    explanation = forms.CharField(
        label=gettext_lazy("Penjelasan tindak lanjut"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea,
    )

    def __init__(self, *args: Any, row: FollowUp, editable: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"f{row.pk}")
        kwargs.setdefault("initial", {"version": row.version, "status": row.status, "explanation": row.explanation})
        super().__init__(*args, **kwargs)
        self.row = row
        for field in self.fields.values():
            field.disabled = not editable

    def to_input(self) -> RowInput:
        data = dict(self.cleaned_data)
        version = data.pop("version")
        return RowInput(row_id=self.row.pk, version=version, data=data)

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        """The service's refusal, by field, beside the fields (after is_valid())."""
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, ValidationError(messages))


class FollowUpReportForm(ReportRowsForm):
    """All the follow-up rows of a report as one form."""

    form_class = FollowUpForm
    prefix = "f"
