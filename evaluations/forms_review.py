"""Forms of the Verifikator BPSDM's pages: Kembalikan, Buka Kembali and the queue's bulk Setujui.

They only clean the input (Indonesian messages beside the fields); the services decide
whether the step is allowed and do it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluations.models import ActionProgress, FollowUp, Progress, Report, today_wita

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
NOTE_PREFIX = "catatan_"
ACTION_NOTE_PREFIX = "catatan_aksi_"
FOLLOW_UP_NOTE_PREFIX = "catatan_tl_"


def _date_field(label: Any, help_text: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={"invalid": _("Tanggal tidak valid; gunakan format 31-12-2025.")},
    )


class _DatedReasonForm(forms.Form):
    date_field = ""
    past_date_error: Any = ""

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or today_wita()
        self.fields[self.date_field].widget.attrs["min"] = self.today.isoformat()

    def clean_alasan(self) -> str:
        return self.cleaned_data["alasan"].strip()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        value = cleaned.get(self.date_field)
        if value and value < self.today:
            self.add_error(self.date_field, self.past_date_error)
        return cleaned


class ReturnForm(_DatedReasonForm):
    """Kembalikan: a required Alasan, an optional revision due date, optional notes per indicator, per rencana aksi
    row and per tindak lanjut row."""

    alasan = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Alasan pengembalian wajib diisi.")},
    )
    batas_perbaikan = _date_field(
        _("Batas waktu perbaikan"), _("Kosongkan untuk memakai bawaan (hari ini + beberapa hari).")
    )

    date_field = "batas_perbaikan"
    past_date_error = _("Batas waktu perbaikan tidak boleh sebelum hari ini.")

    def __init__(
        self,
        *args: Any,
        progress_rows: Iterable[Progress] = (),
        action_rows: Iterable[ActionProgress] = (),
        follow_up_rows: Iterable[FollowUp] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.note_fields: dict[int, str] = {}
        self.action_note_fields: dict[int, str] = {}
        self.follow_up_note_fields: dict[int, str] = {}
        for row in follow_up_rows:
            name = f"{FOLLOW_UP_NOTE_PREFIX}{row.pk}"
            self.fields[name] = forms.CharField(
                label=_("Catatan untuk tindak lanjut %(code)s") % {"code": row.assignment.recommendation.code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "form": "form-kembalikan"}),
            )
            self.follow_up_note_fields[row.pk] = name
        for row in action_rows:
            name = f"{ACTION_NOTE_PREFIX}{row.pk}"
            self.fields[name] = forms.CharField(
                label=_("Catatan untuk rencana aksi %(code)s") % {"code": row.assignment.plan.code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "form": "form-kembalikan"}),
            )
            self.action_note_fields[row.pk] = name
        for progress in progress_rows:
            name = f"{NOTE_PREFIX}{progress.pk}"
            self.fields[name] = forms.CharField(
                label=_("Catatan untuk %(code)s") % {"code": progress.indicator.code},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "form": "form-kembalikan"}),
            )
            self.note_fields[progress.pk] = name

    def note_field(self, progress_pk: int) -> forms.BoundField | None:
        name = self.note_fields.get(progress_pk)
        return self[name] if name else None

    def action_note_field(self, row_pk: int) -> forms.BoundField | None:
        name = self.action_note_fields.get(row_pk)
        return self[name] if name else None

    def follow_up_note_field(self, row_pk: int) -> forms.BoundField | None:
        name = self.follow_up_note_fields.get(row_pk)
        return self[name] if name else None

    def _filled(self, fields: dict[int, str]) -> dict[int, str]:
        result = {}
        for pk, name in fields.items():
            text = (self.cleaned_data.get(name) or "").strip()
            if text:
                result[pk] = text
        return result

    @property
    def notes(self) -> dict[int, str]:
        """{progress pk: note} of the non-empty notes (after is_valid())."""
        return self._filled(self.note_fields)

    @property
    def action_notes(self) -> dict[int, str]:
        """{action row pk: note} of the non-empty notes on rencana aksi (after is_valid())."""
        return self._filled(self.action_note_fields)

    @property
    def follow_up_notes(self) -> dict[int, str]:
        """{follow-up row pk: note} of the non-empty notes on tindak lanjut (after is_valid())."""
        return self._filled(self.follow_up_note_fields)


class ReopenForm(_DatedReasonForm):
    """Buka Kembali: a required Alasan and an optional date until which the unit may edit."""

    alasan = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _("Alasan membuka kembali wajib diisi.")},
    )
    sampai = _date_field(_("Dibuka sampai"), _("Kosongkan untuk memakai bawaan (hari ini + beberapa hari)."))

    date_field = "sampai"
    past_date_error = _("Tanggal buka kembali tidak boleh sebelum hari ini.")


class BulkApproveForm(forms.Form):
    """The reports ticked in the queue, among those the reviewer may see."""

    laporan = forms.ModelMultipleChoiceField(
        queryset=Report.objects.none(),
        error_messages={
            "required": _("Pilih minimal satu laporan untuk disetujui."),
            "invalid_choice": _("Laporan %(value)s tidak ditemukan."),
            "invalid_pk_value": _("Laporan %(pk)s tidak ditemukan."),
        },
    )

    def __init__(self, *args: Any, reports: QuerySet[Report], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["laporan"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = reports
