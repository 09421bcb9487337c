"""Numbers the Indonesian way: what the realisasi input accepts, and what it refuses with which message."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluations.forms import angka_input, parse_angka


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
    text = angka_input(value)
    assert "." not in text
    assert parse_angka(text) == value
