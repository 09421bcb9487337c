"""Numbers the Indonesian way: what the realisasi input accepts, and what it refuses with which message; and
the report form's inputs as its macros write them."""

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


def _progress(*, milestone: bool):  # type: ignore[no-untyped-def]
    from areas.models import Indicator
    from evaluations.models import Progress

    return Progress(
        pk=7 if milestone else 8,
        indicator=Indicator(code="X", polarity="milestone" if milestone else "higher"),
        realisasi=None if milestone else Decimal("1234.5"),
        milestone_done=True if milestone else None,
        penjelasan='<b>"tebal"</b> & ok',
        kendala="",
        rencana_tindak_lanjut="baris\nkedua",
        version=3,
    )


def _widget(name: str, field, *args):  # type: ignore[no-untyped-def]
    from roadmap.rendering import macro

    return str(macro("evaluations/officer/_widgets.jinja", name)(field, *args))


def test_the_report_forms_inputs_are_written_from_the_bound_field():
    """The macros of _widgets.jinja write each input from its bound field: name, id, value, escaped text."""
    from evaluations.forms import ProgressForm

    form = ProgressForm(progress=_progress(milestone=False))
    assert _widget("hidden", form["version"]) == (
        '<input type="hidden" name="p8-version" value="3" class="form-control" id="id_p8-version">'
    )
    assert _widget("number", form["realisasi"], "realisasi") == (
        '<input type="text" name="p8-realisasi" value="1234,5" inputmode="decimal" autocomplete="off" '
        'class="form-control" data-role="realisasi" id="id_p8-realisasi">'
    )
    assert _widget("text", form["penjelasan"]) == (
        '<textarea name="p8-penjelasan" cols="40" rows="2" maxlength="5000" class="form-control" '
        'id="id_p8-penjelasan">\n&lt;b&gt;&#34;tebal&#34;&lt;/b&gt; &amp; ok</textarea>'
    )
    assert _widget("text", form["kendala"]).endswith('id="id_p8-kendala">\n</textarea>')  # empty: no text

    milestone = ProgressForm(progress=_progress(milestone=True), editable=False)
    assert _widget("choice", milestone["milestone_done"], "milestone") == (
        '<select name="p7-milestone_done" class="form-select" data-role="milestone" disabled '
        'id="id_p7-milestone_done">\n'
        '  <option value="">— belum diisi —</option>\n\n'
        '  <option value="1" selected>Tercapai</option>\n\n'
        '  <option value="0">Belum</option>\n\n'
        "</select>"
    )
    assert 'name="p7-penjelasan" cols="40" rows="2" maxlength="5000" class="form-control" disabled id=' in (
        _widget("text", milestone["penjelasan"])
    )


def test_an_invalid_input_shows_what_was_typed_and_points_to_its_message():
    from evaluations.forms import ProgressForm

    data = {"p8-version": "x", "p8-realisasi": "x<y", "p8-penjelasan": "a" * 6000, "p8-kendala": "ok"}
    form = ProgressForm(data, progress=_progress(milestone=False))
    assert not form.is_valid()
    assert _widget("number", form["realisasi"], "realisasi") == (
        '<input type="text" name="p8-realisasi" value="x&lt;y" inputmode="decimal" autocomplete="off" '
        'class="form-control is-invalid" data-role="realisasi" aria-invalid="true" '
        'aria-describedby="id_p8-realisasi-error" id="id_p8-realisasi">'
    )
    assert _widget("hidden", form["version"]) == (
        '<input type="hidden" name="p8-version" value="x" class="form-control is-invalid" aria-invalid="true" '
        'aria-describedby="id_p8-version-error" id="id_p8-version">'
    )
    assert 'class="form-control is-invalid" aria-invalid="true" aria-describedby="id_p8-penjelasan-error"' in (
        _widget("text", form["penjelasan"])
    )
    assert _widget("text", form["kendala"]).endswith('class="form-control" id="id_p8-kendala">\nok</textarea>')

    milestone = ProgressForm({"p7-version": "3", "p7-milestone_done": "7"}, progress=_progress(milestone=True))
    assert not milestone.is_valid()
    select = _widget("choice", milestone["milestone_done"], "milestone")
    assert select.startswith(
        '<select name="p7-milestone_done" class="form-select is-invalid" data-role="milestone" aria-invalid="true" '
        'aria-describedby="id_p7-milestone_done-error" id="id_p7-milestone_done">'
    )
    assert "selected" not in select  # "7" is none of the choices
