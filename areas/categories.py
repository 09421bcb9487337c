"""Kategori capaian: the name an average of capaian is read with (Sangat Baik … Sangat Kurang), as a pure rule.

A scale is a few categories, each with a lower bound that is either inclusive (capaian ≥ bound) or exclusive
(capaian > bound), highest first; a value takes the first category whose bound it reaches. The default is the
kategori capaian of PermenPANRB No. 8 Tahun 2021 (docs/numbers.md#kategori-capaian): Sangat Baik > 100 %,
Baik = 100 %, Cukup from 80 %, Kurang from 60 %, Sangat Kurang below. The admin's scale is a database row
(areas.models.CapaianScale), read once per request by areas.selectors.capaian_scale.

Not covered here: the AA–D predikat, which grades the yearly Indeks RB and SAKIP (areas.scoring.predikat), and
the traffic light, whose thresholds travel with the scale (`Scale.lights`) but whose rule is scoring's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from areas import scoring

LOWEST = Decimal(0)  # aggregates are clipped to 0–120 %: the lowest category starts at 0
HIGHEST = scoring.CLIP_MAX


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    lower: Decimal
    inclusive: bool = True  # True: capaian ≥ lower; False: capaian > lower

    def holds(self, value: Decimal) -> bool:
        return value >= self.lower if self.inclusive else value > self.lower

    @property
    def key(self) -> tuple[Decimal, bool]:
        # At one bound, "> 100" sits above "≥ 100": an exclusive bound is the higher of the two.
        return (self.lower, not self.inclusive)


@dataclass(frozen=True, slots=True)
class Scale:
    """The categories, highest first (sorted on creation), and the traffic light's thresholds."""

    categories: tuple[Category, ...]
    lights: scoring.Lights = field(default=scoring.DEFAULT_LIGHTS)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.categories, key=lambda c: c.key, reverse=True))
        object.__setattr__(self, "categories", ordered)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.categories)


# The names are stored as written (the admin's scale is a database row); kategori() shows them in the reader's
# language, so the default names have entries in locale/ and a name the admin typed is shown as typed.
DEFAULT_CATEGORIES = (
    Category(gettext_noop("Sangat Baik"), Decimal(100), inclusive=False),
    Category(gettext_noop("Baik"), Decimal(100)),
    Category(gettext_noop("Cukup"), Decimal(80)),
    Category(gettext_noop("Kurang"), Decimal(60)),
    Category(gettext_noop("Sangat Kurang"), LOWEST),
)
DEFAULT_SCALE = Scale(DEFAULT_CATEGORIES, scoring.DEFAULT_LIGHTS)


def kategori(value: Decimal | None, scale: Scale) -> str | None:
    """The name of the first (highest) category whose lower bound `value` reaches, in the active language (the
    default names are translated, the admin's own as written); None without a value or below every bound (a
    valid scale starts at 0, and averages are clipped to 0–120 %, so that never happens)."""
    if value is None:
        return None
    for category in scale.categories:
        if category.holds(value):
            return _(category.name)
    return None


def scale_errors(categories: Sequence[Category]) -> list[str]:
    """What is wrong with a scale the admin entered, in Indonesian; empty when it is valid.

    At least two categories, names unique (ignoring case and spaces), bounds strictly descending — two
    categories may share a bound only as "> bound" above "≥ bound" —, every bound within 0–120 % and the
    lowest category "≥ 0", so that every average gets a category.
    """
    errors = []
    if len(categories) < 2:
        errors.append(_("Skala kategori capaian memerlukan sekurang-kurangnya dua kategori."))
    seen: dict[str, str] = {}
    for c in categories:
        folded = " ".join(c.name.split()).casefold()
        if not folded:
            errors.append(_("Setiap kategori capaian memerlukan nama."))
        elif folded in seen:
            errors.append(_("Nama kategori “%(name)s” dipakai lebih dari sekali.") % {"name": c.name.strip()})
        else:
            seen[folded] = c.name
        if not LOWEST <= c.lower <= HIGHEST:
            errors.append(_("Batas bawah kategori “%(name)s” harus antara 0 dan 120 (%%).") % {"name": c.name.strip()})
    ordered = sorted(categories, key=lambda c: c.key, reverse=True)
    for upper, lower in pairwise(ordered):
        if upper.key == lower.key:
            errors.append(
                _(
                    "Kategori “%(a)s” dan “%(b)s” memiliki batas bawah yang sama: batas harus menurun tegas "
                    "(satu batas hanya boleh dipakai bersama sebagai “lebih dari” di atas dan “sekurang-kurangnya” "
                    "di bawahnya)."
                )
                % {"a": upper.name.strip(), "b": lower.name.strip()}
            )
    if ordered and ordered[-1].key != (LOWEST, False):
        errors.append(
            _(
                "Kategori terbawah harus berlaku mulai 0 (sekurang-kurangnya 0, termasuk batas) agar setiap capaian "
                "mendapat kategori."
            )
        )
    return errors
