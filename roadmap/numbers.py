"""Indonesian numbers: the one set of rules by which every entry point reads a number and every page writes one.

The report form (evaluations.forms), the API (api.serializers) and the XLSX import (exports.importer) all read
with `parse`; pages, PDFs and the Dasbor write with `display` / `DisplayFormat`, inputs with `plain`. It lives
in the core app because every app uses it and it uses none of them.

Reading text (what a person typed):

- The comma is the decimal mark and the dot groups thousands: `85,5`, `1.234,5`, `1.234.567`, `1.234.567,25`.
  A group is three digits after a first group of one to three (no leading zero): `12.34,5` is refused.
- Also accepted, because phone keyboards and English spreadsheets type it: a plain dot decimal, `85.5`, `0.125`.
- Refused as ambiguous, never guessed: one dot followed by exactly three digits, `1.234` or `12.500` (a thousand
  in Indonesian, a decimal elsewhere). The message asks for `1234` or `1,234`; `1.234.567` and `1.234,5` are
  unambiguous and accepted.
- Spaces (also non-breaking and narrow ones) are ignored: `1 234,5`. A leading `+` is allowed.
- Negative numbers are refused: every number of a road map indicator (realisasi, target, baseline, bobot) is a
  count, an index, a percentage or a level. `-0` is 0.
- Refused as not a number: exponents (`1e5`), NaN and infinity, digits other than 0–9 (`٣٤`, full-width `１２`),
  `%` or any other sign, text longer than MAX_TEXT characters.
- Size: at most `Size.integer_digits` before the comma and `Size.places` after it, the sizes of the database
  columns (`VALUE` for realisasi, target and baseline; `WEIGHT` for bobot). Text with more decimals than the
  column holds is refused: what a person typed is never changed silently.

Reading numbers that are already numbers (a JSON number, a spreadsheet's number cell): an int is exact; a float,
being binary (0.1 + 0.2 = 0.30000000000000004), is rounded half up to the column's places and only then checked
for size, so a bobot cell of 999999,999 becomes 1.000.000,00 and is refused instead of overflowing the column.
Such a number is unambiguous, so `1e5` in JSON is 100000 while the text "1e5" is refused. NaN and infinity are
refused; a bool is not a number.

Every refusal is a django ValidationError with an Indonesian message and one of the codes `invalid`,
`ambiguous`, `negative`, `max_digits`, `max_decimal_places`; the form shows it, the API puts it in its JSON
error, the importer in its row report.

Not covered here: ranges of a particular field (a bobot above 0, a year inside the road map) — their callers
check those after parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _

MAX_TEXT = 40  # the API schema says so too; "999.999.999.999,9999" is 20
NONE = "—"


@dataclass(frozen=True)
class Size:
    """A DecimalField's size: max_digits in all, `places` of them after the comma."""

    max_digits: int
    places: int

    @property
    def integer_digits(self) -> int:
        return self.max_digits - self.places

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)


VALUE = Size(max_digits=16, places=4)  # realisasi, targets, baseline
WEIGHT = Size(max_digits=8, places=2)  # bobot
PERCENT = Size(max_digits=5, places=2)  # a rencana aksi's progress (%); its 0–100 range is the caller's check
RUPIAH = Size(max_digits=18, places=2)  # anggaran and its realisasi

# 1.234.567,89 (grouped) or 1234567,89 (plain, comma decimal); ASCII digits only.
_COMMA_DECIMAL = re.compile(r"(?P<int>[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?")
# 85.5 (plain, dot decimal) — the "also accepted" form
_DOT_DECIMAL = re.compile(r"(?P<int>[0-9]+)\.(?P<frac>[0-9]+)")
# 1.234 has one dot followed by exactly three digits: a thousand in Indonesian, 1.234 elsewhere.
_AMBIGUOUS = re.compile(r"[1-9][0-9]{0,2}\.[0-9]{3}")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")


def _invalid() -> ValidationError:
    return ValidationError(_("Bukan angka yang sah. Contoh: 85,5 atau 1.234,5."), code="invalid")


def _negative() -> ValidationError:
    return ValidationError(_("Angka tidak boleh negatif."), code="negative")


def _checked(number: Decimal, size: Size) -> Decimal:
    """The size check shared by text and numbers: digits before the comma (after any rounding)."""
    if number.is_signed() and number:
        raise _negative()
    number = number.copy_abs()  # -0 is 0; copy_abs, unlike abs(), never rounds to the context's precision
    if number >= Decimal(10) ** size.integer_digits:
        raise ValidationError(
            _("Angka terlalu besar: paling banyak %(n)s digit sebelum koma.") % {"n": size.integer_digits},
            code="max_digits",
        )
    return number


def _parse_text(text: str, size: Size) -> Decimal | None:
    if len(text) > MAX_TEXT:
        raise _invalid()
    text = _SPACES.sub("", text)
    if not text:
        return None
    sign = ""
    if text[0] in "+-":
        sign, text = text[0], text[1:]
    if _AMBIGUOUS.fullmatch(text):
        raise ValidationError(
            _("„%(text)s“ tidak jelas: tulis 1234 untuk seribu dua ratus tiga puluh empat, atau 1,234 untuk desimal.")
            % {"text": text},
            code="ambiguous",
        )
    match = _COMMA_DECIMAL.fullmatch(text) or _DOT_DECIMAL.fullmatch(text)
    if not match:
        raise _invalid()
    integer = match.group("int").replace(".", "")
    fraction = match.group("frac") or ""
    number = Decimal(f"{sign}{integer}.{fraction or '0'}")
    number = _checked(number, size)
    if len(fraction.rstrip("0")) > size.places:
        raise ValidationError(
            _("Paling banyak %(n)s angka di belakang koma.") % {"n": size.places}, code="max_decimal_places"
        )
    return number


def _parse_number(value: int | float, size: Size) -> Decimal:
    try:
        number = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, OverflowError):
        raise _invalid() from None
    if not number.is_finite():
        raise _invalid()
    _checked(number, size)  # before rounding: quantize cannot hold a number of 400 digits
    if isinstance(value, float):
        number = number.quantize(size.quantum, rounding=ROUND_HALF_UP)
    return _checked(number, size)


def parse(value: Any, size: Size = VALUE) -> Decimal | None:
    """The number in `value` (text, int, float or Decimal) by the module's rules; None when empty.

    Raises ValidationError (Indonesian message, a code named in the module docstring) when refused.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise _invalid()
    if isinstance(value, str):
        return _parse_text(value, size)
    if isinstance(value, Decimal):
        # Exact, like text: a Decimal is what code typed.
        if not value.is_finite():
            raise _invalid()
        return _parse_text(plain(value), size)
    if isinstance(value, int | float):
        return _parse_number(value, size)
    raise _invalid()


# A range target: two numbers joined by a dash (en dash, hyphen or em dash; numbers are never negative here).
_RANGE = re.compile(r"^(?P<low>[^\u2013\u2014-]+)[\u2013\u2014-](?P<high>[^\u2013\u2014-]+)$")


def parse_range(value: Any, size: Size = VALUE) -> tuple[Decimal | None, Decimal | None]:
    """A target as typed: one number (no upper bound) or a range "2,5–3,5" (lower, upper); (None, None) when empty.

    Raises ValidationError (Indonesian) on a bad number, and when the upper bound is below the lower one.
    """
    if not isinstance(value, str):
        return parse(value, size), None
    text = value.strip()
    match = _RANGE.fullmatch(text)
    if match is None:
        return parse(text, size), None
    low, high = parse(match.group("low"), size), parse(match.group("high"), size)
    if low is None or high is None:
        raise ValidationError(_("Rentang target ditulis dua angka, misalnya 2,5–3,5."), code="range")
    if high < low:
        raise ValidationError(
            _("Batas atas rentang (%(high)s) di bawah batas bawahnya (%(low)s).")
            % {"high": plain(high), "low": plain(low)},
            code="range_order",
        )
    return low, high


# --- writing -------------------------------------------------------------------------------------------


def plain(value: Decimal | int | None) -> str:
    """A number as an input shows it: comma decimal, no grouping, no trailing zeros; `parse` reads it back."""
    if value is None:
        return ""
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def machine(value: Decimal | int | float, *, decimal_comma: bool) -> str:
    """A number for a machine-read file (CSV): every digit kept, no grouping, a dot or (for Excel in the
    Indonesian locale, with a semicolon delimiter) a comma; never the exponent notation of str(float)."""
    number = value if isinstance(value, Decimal) else Decimal(repr(value) if isinstance(value, float) else value)
    text = format(number, "f")
    return text.replace(".", ",") if decimal_comma else text


def display(value: Any, places: int = 2) -> str:
    """A number as pages and PDFs show it, in the active language's format (1.234,5 in Indonesian): at most
    `places` decimals, no trailing zeros, grouped; "—" when there is no number."""
    if value is None or value == "" or isinstance(value, bool):
        return NONE
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return NONE
    if not number.is_finite():
        return NONE
    number = number.quantize(Decimal(1).scaleb(-int(places)))
    text = format(number.normalize(), "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def display_target(value: Any, upper: Any = None, places: int = 4) -> str:
    """A target as pages and exports show it: one number, or a range "1,5–3,5" when it has an upper bound."""
    if upper is None or upper == "":
        return display(value, places)
    return f"{display(value, places)}\u2013{display(upper, places)}"


def percent(value: Any) -> str:
    """A capaian or score: one decimal and " %"; "—" when there is none."""
    text = display(value, 1)
    return text if text == NONE else f"{text} %"


class DisplayFormat:
    """`display` for the active language with its separators looked up once, for tables of thousands of cells
    (the Dasbor's ranking and heat map, a unit's pivot): the same text, a fraction of the cost (tests compare)."""

    def __init__(self) -> None:
        self.decimal = formats.get_format("DECIMAL_SEPARATOR")
        self.thousand = formats.get_format("THOUSAND_SEPARATOR")
        # Only the common grouping by three is done here; anything else goes through display() itself.
        self.simple = formats.get_format("NUMBER_GROUPING") == 3
        self.quanta = {places: Decimal(1).scaleb(-places) for places in range(0, 5)}

    def display(self, value: Decimal | None, places: int = 2) -> str:
        if value is None:
            return NONE
        if not self.simple or not isinstance(value, Decimal) or not value.is_finite() or places not in self.quanta:
            return display(value, places)
        text = format(value.quantize(self.quanta[places]).normalize(), "f")
        whole, _dot, fraction = text.partition(".")
        sign = ""
        if whole.startswith("-"):
            sign, whole = "-", whole[1:]
        if len(whole) > 3:
            whole = f"{int(whole):,}".replace(",", self.thousand)
        return f"{sign}{whole}{self.decimal}{fraction}" if fraction else f"{sign}{whole}"

    def percent(self, value: Decimal | None) -> str:
        text = self.display(value, 1)
        return text if text == NONE else f"{text} %"
