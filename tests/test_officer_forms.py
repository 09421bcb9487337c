"""Numbers the Indonesian way: what the realisasi input accepts, and what it refuses with which message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from roadmap.numbers import VALUE, parse, plain


def parse_angka(text: str):  # type: ignore[no-untyped-def]
    """What the realisasi input reads: roadmap.numbers for a realisasi column."""
    return parse(text, VALUE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("85,5", Decimal("85.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567,25", Decimal("1234567.25")),
        ("1234,5", Decimal("1234.5")),
        ("85.5", Decimal("85.5")),
        ("0.125", Decimal("0.125")),
        ("1.5", Decimal("1.5")),
        ("85", Decimal("85")),
        (" 85,5 ", Decimal("85.5")),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("0", Decimal("0")),
        ("-0", Decimal("0")),
        ("+7", Decimal("7")),
        ("999999999999,9999", Decimal("999999999999.9999")),
        ("12,50000", Decimal("12.5")),
        ("", None),
        ("   ", None),
    ],
)
def test_accepted(text, expected):
    assert parse_angka(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "Bukan angka yang sah"),
        ("NaN", "Bukan angka yang sah"),
        ("nan", "Bukan angka yang sah"),
        ("Infinity", "Bukan angka yang sah"),
        ("inf", "Bukan angka yang sah"),
        ("1e5", "Bukan angka yang sah"),
        ("1,2,3", "Bukan angka yang sah"),
        ("12.34.5", "Bukan angka yang sah"),
        ("1.23,4", "Bukan angka yang sah"),
        ("85,", "Bukan angka yang sah"),
        (",5", "Bukan angka yang sah"),
        ("85 %", "Bukan angka yang sah"),
        ("-5", "tidak boleh negatif"),
        ("٣٤", "Bukan angka yang sah"),
        ("１２", "Bukan angka yang sah"),
        ("1" * 41, "Bukan angka yang sah"),
        ("-0,5", "tidak boleh negatif"),
        ("1.000.000.000.000", "terlalu besar"),
        ("1000000000000", "terlalu besar"),
        ("1,23456", "4 angka di belakang koma"),
        ("1.234", "tidak jelas"),
        ("12.500", "tidak jelas"),
    ],
)
def test_refused_with_indonesian_message(text, message):
    with pytest.raises(ValidationError) as error:
        parse_angka(text)
    assert message in error.value.messages[0]


@pytest.mark.parametrize("value", [Decimal("1234.5000"), Decimal("0.1250"), Decimal("85"), Decimal("100.0000")])
def test_the_input_shows_what_it_reads_back(value):
    text = plain(value)
    assert "." not in text
    assert parse_angka(text) == value


@pytest.mark.parametrize("editable", [True, False])
def test_widgets_rendered_in_python_equal_djangos_templates(editable, monkeypatch):
    """evaluations.forms' Fast* widgets build exactly the HTML of Django's widget templates."""
    from areas.models import Indicator
    from evaluations import forms as officer_forms
    from evaluations.models import Progress

    progress_rows = []
    for milestone in (False, True):
        indicator = Indicator(code="X", polarity="milestone" if milestone else "higher")
        progress = Progress(
            pk=7 if milestone else 8,
            indicator=indicator,
            realisasi=None if milestone else Decimal("1234.5"),
            milestone_done=True if milestone else None,
            penjelasan='<b>"tebal"</b> & ok',
            kendala="",
            rencana_tindak_lanjut="baris\nkedua",
            version=3,
        )
        progress_rows.append(progress)
    data = {"p8-version": "3", "p8-realisasi": "x<y", "p8-penjelasan": "a" * 6000, "p7-version": "3"}
    for bound in (None, data):
        for progress in progress_rows:
            form = officer_forms.ProgressForm(bound, progress=progress, editable=editable)
            if bound:
                form.is_valid()
            fast = {name: str(form[name]) for name in form.fields}
            for field in form.fields.values():  # the same fields with Django's template-rendered widgets
                widget = field.widget
                base = next(c for c in type(widget).__mro__[1:] if c.__module__.startswith("django.forms"))
                plain = base.__new__(base)
                plain.__dict__.update(widget.__dict__)
                field.widget = plain
            assert fast == {name: str(form[name]) for name in form.fields}
