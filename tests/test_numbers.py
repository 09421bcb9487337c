"""One number module (roadmap.numbers): its rules, as a table of inputs and answers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

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
