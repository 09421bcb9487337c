"""The staff form of an LHE recommendation: number, text, due year and quarter, responsible units. It reads the
input; services.follow_ups.recommendation_save decides and writes (its field errors come back on the form)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from areas.models import QUARTERS
from evaluations.models import Recommendation
from roadmap.models import Unit


class RecommendationForm(forms.Form):
    number = forms.IntegerField(label=_("Nomor"), min_value=1, max_value=999)
    text = forms.CharField(label=_("Rekomendasi"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    due_year = forms.IntegerField(label=_("Tahun jatuh tempo"), min_value=2000, max_value=2100)
    due_quarter = forms.TypedChoiceField(label=_("Triwulan jatuh tempo"), choices=QUARTERS, coerce=int)
    units = forms.ModelMultipleChoiceField(
        label=_("Unit penanggung jawab"),
        queryset=Unit.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
        error_messages={
            "required": _("Pilih minimal satu unit penanggung jawab."),
            "invalid_choice": _("Unit %(value)s tidak ditemukan."),
            "invalid_pk_value": _("Unit %(pk)s tidak ditemukan."),
        },
    )

    def __init__(self, *args: Any, recommendation: Recommendation | None = None, **kwargs: Any) -> None:
        if recommendation is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": recommendation.number,
                    "text": recommendation.text,
                    "due_year": recommendation.due_year,
                    "due_quarter": recommendation.due_quarter,
                    "units": list(recommendation.assignments.values_list("unit_id", flat=True)),
                },
            )
        super().__init__(*args, **kwargs)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Unit.objects.active().order_by("name")
        for name, field in self.fields.items():
            css = "form-select" if isinstance(field.widget, forms.Select | forms.SelectMultiple) else "form-control"
            field.widget.attrs["class"] = f"{css} is-invalid" if self.is_bound and name in self.errors else css

    def add_service_errors(self, errors: Mapping[str, list[str]]) -> None:
        for name, messages in errors.items():
            self.add_error(name if name in self.fields else None, ValidationError(messages))
