"""One number module (roadmap.numbers): the same input gives the same answer in the form, the API and the import.

The table below is run through the three entry points as they are wired: the report page's ProgressForm, the
API's ProgressWriteSerializer (what PUT …/progress/ validates with) and exports.importer.import_indicators on a
real XLSX whose target cells hold the text. Each answers with the value it would store or with a refusal;
the refusal's message must be the same word for word.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook

from api.serializers import ProgressWriteSerializer
from areas.models import Indicator, IndicatorTarget
from evaluations.forms import ProgressForm
from evaluations.models import Progress
from exports.importer import INDICATOR_COLUMNS, TARGET_COLUMNS, import_indicators
from roadmap import numbers

# text → the Decimal read, or the refusal's code
TEXT_TABLE: list[tuple[str, Decimal | str]] = [
    ("85,5", Decimal("85.5")),
    ("1.234,5", Decimal("1234.5")),
    ("1.234.567", Decimal("1234567")),
    ("1.234.567,25", Decimal("1234567.25")),
    ("1234,5", Decimal("1234.5")),
    ("85.5", Decimal("85.5")),
    ("0.125", Decimal("0.125")),
    (" 72 ", Decimal("72")),
    ("1\u00a0234,5", Decimal("1234.5")),
    ("+7", Decimal("7")),
    ("-0", Decimal("0")),
    ("12,50000", Decimal("12.5")),
    ("999999999999,9999", Decimal("999999999999.9999")),
    ("1.234", "ambiguous"),
    ("12.500", "ambiguous"),
    ("1e5", "invalid"),
    ("1E5", "invalid"),
    ("NaN", "invalid"),
    ("Infinity", "invalid"),
    ("-inf", "invalid"),
    ("0x10", "invalid"),
    ("1_000", "invalid"),
    ("٣٤", "invalid"),
    ("１２", "invalid"),
    ("85 %", "invalid"),
    ("1,2,3", "invalid"),
    ("12.34.5", "invalid"),
    ("1.23,4", "invalid"),
    (",5", "invalid"),
    ("85,", "invalid"),
    ("1" * 41, "invalid"),
    ("-5", "negative"),
    ("-0,5", "negative"),
    ("1000000000000", "max_digits"),
    ("1.000.000.000.000", "max_digits"),
    ("1,23456", "max_decimal_places"),
]

# a number that is already a number (JSON number, spreadsheet number cell) → Decimal or refusal code
NUMBER_TABLE: list[tuple[int | float, Decimal | str]] = [
    (60, Decimal("60")),
    (2.5, Decimal("2.5")),
    (0.1 + 0.2, Decimal("0.3")),  # 0.30000000000000004: binary noise, rounded to the column
    (1.23456, Decimal("1.2346")),
    (99.99995, Decimal("100")),  # half up
    (1e5, Decimal("100000")),  # a number, unambiguous (the text "1e5" is refused)
    (-0.0, Decimal("0")),
    (-5.0, "negative"),
    (-1, "negative"),
    (1e12, "max_digits"),
    (999999999999.99999, "max_digits"),  # the float is 1e12
    (10**13, "max_digits"),
    (1e300, "max_digits"),
]


def _answer_of(error: ValidationError) -> tuple[str, str]:
    return (error.code or "", error.messages[0])


def _expected_message(code: str, text: str) -> str:
    try:
        numbers.parse(text)
    except ValidationError as error:
        assert error.code == code
        return error.messages[0]
    raise AssertionError(f"{text!r} was not refused")


# --- the three entry points ----------------------------------------------------------------------------


def through_form(text: str) -> Decimal | tuple[str, str]:
    progress = Progress(pk=8, indicator=Indicator(code="X", polarity="higher"), version=0)
    data = {"p8-version": "0", "p8-realisasi": text, "p8-penjelasan": "", "p8-kendala": ""}
    data["p8-rencana_tindak_lanjut"] = ""
    form = ProgressForm(data, progress=progress)
    if form.is_valid():
        return form.cleaned_data["realisasi"]
    error = form.errors.as_data()["realisasi"][0]
    return (error.code or "", form.errors["realisasi"][0])


def through_api(value: str | int | float) -> Decimal | tuple[str, str]:
    # What DRF's JSON parser hands the serializer: a JSON text read back (numbers become int or float).
    body = json.loads(json.dumps({"rows": [{"indicator": "X", "version": 0, "realisasi": value}]}))
    serializer = ProgressWriteSerializer(data=body)
    if serializer.is_valid():
        return serializer.validated_data["rows"][0]["realisasi"]
    return ("?", str(serializer.errors["rows"][0]["realisasi"][0]))


def _workbook(indicator_codes: list[str], targets: list[list]) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.title = "Indikator"
    ws.append(list(INDICATOR_COLUMNS))
    for code in indicator_codes:
        ws.append(["dinas-a", code, f"Indikator {code}", "MP", "budaya", "general", "indeks", "higher", None, None])
    ws2 = wb.create_sheet("Target")
    ws2.append(list(TARGET_COLUMNS))
    for row in targets:
        ws2.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def through_importer(roadmap, values: list) -> list[Decimal | tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Every value as the target cell of its own indicator: a dry run gives the refusals, an apply of the
    accepted rows the values stored."""
    codes = [f"N-{i:03d}" for i in range(len(values))]
    rows = [[code, 2025, 1, value] for code, value in zip(codes, values, strict=True)]
    dry = import_indicators(file=_workbook(codes, rows), roadmap=roadmap, apply=False)
    assert not dry.file_errors, dry.file_errors
    refused = {}
    for sheet, row, column, message in dry.errors:
        assert (sheet, column) == ("Target", "D (target)"), (sheet, row, column, message)
        refused[row - 2] = message
    accepted = [i for i in range(len(values)) if i not in refused]
    applied = import_indicators(
        file=_workbook([codes[i] for i in accepted], [rows[i] for i in accepted]), roadmap=roadmap, apply=True
    )
    assert applied.applied, applied.errors
    stored = dict(IndicatorTarget.objects.filter(indicator__roadmap=roadmap).values_list("indicator__code", "value"))
    return [("?", refused[i]) if i in refused else stored[codes[i]] for i in range(len(values))]


def _same(answer: Decimal | tuple[str, str], expected: Decimal | str, message: str | None) -> bool:
    if isinstance(expected, Decimal):
        return isinstance(answer, Decimal) and answer == expected
    return isinstance(answer, tuple) and answer[1] == message


# --- the tables ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["id", "en"])
def test_text_gives_the_same_answer_in_form_api_and_importer(roadmap, unit_a, language):
    with translation.override(language):
        importer_answers = through_importer(roadmap, [text for text, _expected in TEXT_TABLE])
        for (text, expected), from_importer in zip(TEXT_TABLE, importer_answers, strict=True):
            message = None if isinstance(expected, Decimal) else _expected_message(expected, text)
            answers = {"form": through_form(text), "api": through_api(text), "importer": from_importer}
            wrong = {where: a for where, a in answers.items() if not _same(a, expected, message)}
            assert not wrong, (text, expected, message, wrong)
            form_answer = answers["form"]
            if not isinstance(expected, Decimal):
                assert isinstance(form_answer, tuple) and form_answer[0] == expected  # the code, too
    assert Indicator.objects.filter(roadmap=roadmap).count() == sum(isinstance(e, Decimal) for _t, e in TEXT_TABLE)


@pytest.mark.django_db
def test_numbers_give_the_same_answer_in_api_and_importer(roadmap, unit_a):
    """The form only ever gets text; a JSON number and a spreadsheet number cell are read alike."""
    importer_answers = through_importer(roadmap, [value for value, _expected in NUMBER_TABLE])
    for (value, expected), from_importer in zip(NUMBER_TABLE, importer_answers, strict=True):
        if isinstance(expected, Decimal):
            message = None
        else:
            with pytest.raises(ValidationError) as error:
                numbers.parse(value)
            assert error.value.code == expected
            message = error.value.messages[0]
        answers = {"api": through_api(value), "importer": from_importer}
        wrong = {where: a for where, a in answers.items() if not _same(a, expected, message)}
        assert not wrong, (value, expected, message, wrong)


def test_the_module_itself_matches_the_tables():
    for value, expected in [*TEXT_TABLE, *NUMBER_TABLE]:
        if isinstance(expected, Decimal):
            assert numbers.parse(value) == expected, value
        else:
            with pytest.raises(ValidationError) as error:
                numbers.parse(value)
            assert error.value.code == expected, value


# --- the rules in detail -------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_is_none(value):
    assert numbers.parse(value) is None


@pytest.mark.parametrize("value", [True, False, [1], {"a": 1}, Decimal("NaN"), Decimal("Infinity"), float("nan")])
def test_what_is_no_number_is_refused(value):
    with pytest.raises(ValidationError) as error:
        numbers.parse(value)
    assert error.value.code == "invalid"


@pytest.mark.parametrize(
    ("value", "size", "expected"),
    [
        ("999999,99", numbers.WEIGHT, Decimal("999999.99")),
        ("999999,999", numbers.WEIGHT, "max_decimal_places"),  # typed: never rounded silently
        (999999.999, numbers.WEIGHT, "max_digits"),  # a cell: rounds to 1.000.000,00, too big for the column
        (999999.994, numbers.WEIGHT, Decimal("999999.99")),
        ("1000000", numbers.WEIGHT, "max_digits"),
        (0.005, numbers.WEIGHT, Decimal("0.01")),  # half up
        (Decimal("12.3450"), numbers.VALUE, Decimal("12.345")),
        (Decimal("1.23456"), numbers.VALUE, "max_decimal_places"),
    ],
)
def test_sizes_are_the_columns(value, size, expected):
    if isinstance(expected, Decimal):
        assert numbers.parse(value, size) == expected
    else:
        with pytest.raises(ValidationError) as error:
            numbers.parse(value, size)
        assert error.value.code == expected


def test_the_columns_are_the_parsers_sizes():
    from areas.models import Indicator, IndicatorTarget
    from evaluations.models import Progress

    for model, name, size in (
        (Indicator, "weight", numbers.WEIGHT),
        (Indicator, "baseline", numbers.VALUE),
        (IndicatorTarget, "value", numbers.VALUE),
        (Progress, "realisasi", numbers.VALUE),
    ):
        field = model._meta.get_field(name)
        assert (field.max_digits, field.decimal_places) == (size.max_digits, size.places), (model, name)


@pytest.mark.parametrize(
    ("value", "places", "id_text", "en_text"),
    [
        (Decimal("1234.5"), 2, "1.234,5", "1,234.5"),
        (Decimal("85.00"), 2, "85", "85"),
        (Decimal("0.125"), 2, "0,12", "0.12"),
        (Decimal("1234567.891"), 1, "1.234.567,9", "1,234,567.9"),
        (7, 0, "7", "7"),
        (None, 2, "—", "—"),
        ("x", 2, "—", "—"),
        (True, 2, "—", "—"),
    ],
)
def test_display(value, places, id_text, en_text):
    with translation.override("id"):
        assert numbers.display(value, places) == id_text
        assert numbers.DisplayFormat().display(value if isinstance(value, Decimal) else None, places) == (
            id_text if isinstance(value, Decimal) else "—"
        )
    with translation.override("en"):
        assert numbers.display(value, places) == en_text


@pytest.mark.parametrize("value", [Decimal("1234.5000"), Decimal("0.1250"), Decimal("85"), Decimal("1E+3")])
def test_plain_reads_back(value):
    text = numbers.plain(value)
    assert "." not in text and "E" not in text
    assert numbers.parse(text) == value


@pytest.mark.parametrize(
    ("value", "comma", "expected"),
    [
        (Decimal("85.5000"), False, "85.5000"),
        (Decimal("85.5000"), True, "85,5000"),
        (1e-05, False, "0.00001"),
        (7, True, "7"),
    ],
)
def test_machine_text_keeps_every_digit_and_no_exponent(value, comma, expected):
    assert numbers.machine(value, decimal_comma=comma) == expected
