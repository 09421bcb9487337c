"""The framework of a road map (change areas, element aspects, RB themes): copied from another road map.

A road map owns its framework. A new one starts as a copy of the most recent road map that has a framework, or
of the reference framework of Road Map RB 2020–2024 (areas.reference) when there is none; the admin then edits
it freely (areas or none, aspects, the regency's own Tematik themes), or copies another road map's over it.

Not covered here: what the indicators or the rencana aksi of a road map are; a copy never touches them, and it
refuses to remove a row that one of them uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from areas.models import ChangeArea, ElementAspect, RbTheme
from areas.reference import load_reference
from roadmap.models import Roadmap

# Each model of the framework with the fields a copy carries (the natural key is `code`).
FRAMEWORK: list[tuple[type[models.Model], tuple[str, ...]]] = [
    (ChangeArea, ("order", "name", "description")),
    (ElementAspect, ("element", "order", "name")),
    (RbTheme, ("kind", "order", "name", "description")),
]


@dataclass(frozen=True)
class FrameworkCopy:
    created: int
    updated: int
    removed: int


def has_framework(roadmap: Roadmap) -> bool:
    return any(model.objects.filter(roadmap=roadmap).exists() for model, _fields in FRAMEWORK)


def framework_template(roadmap: Roadmap) -> Roadmap | None:
    """The road map a new `roadmap` copies: the most recent other one that has a framework (None: the reference)."""
    for other in Roadmap.objects.exclude(pk=roadmap.pk).order_by("-start_year", "-pk"):
        if has_framework(other):
            return other
    return None


def framework_init(*, roadmap: Roadmap) -> Roadmap | None:
    """Give a road map that has no framework yet its starting one; returns the road map copied (None: reference)."""
    if has_framework(roadmap):
        return None
    template = framework_template(roadmap)
    if template is None:
        load_reference(roadmap)
    else:
        framework_copy(source=template, target=roadmap)
    return template


def framework_copy(*, source: Roadmap, target: Roadmap) -> FrameworkCopy:
    """Make `target`'s framework equal to `source`'s, matched by code (idempotent: a second copy changes nothing).

    Rows of `target` that `source` lacks are removed; when an indicator or a rencana aksi of `target` uses one,
    nothing is changed and a ValidationError names the rows. Rows matched by code keep their id, so the
    indicators that use them keep their area, aspect and theme.
    """
    if source.pk == target.pk:
        raise ValidationError(_("Road map sumber dan tujuan sama: tidak ada yang disalin."))
    created = updated = removed = 0
    with transaction.atomic():
        for model, fields in FRAMEWORK:
            c, u, r = _copy_rows(model, fields, source=source, target=target)
            created, updated, removed = created + c, updated + u, removed + r
    return FrameworkCopy(created=created, updated=updated, removed=removed)


def _copy_rows(model: Any, fields: tuple[str, ...], *, source: Roadmap, target: Roadmap) -> tuple[int, int, int]:
    wanted = {row.code: row for row in model.objects.filter(roadmap=source)}
    mine = {row.code: row for row in model.objects.select_for_update().filter(roadmap=target)}
    extra = [row for code, row in mine.items() if code not in wanted]
    if extra:
        try:
            with transaction.atomic():
                model.objects.filter(pk__in=[row.pk for row in extra]).delete()
        except ProtectedError as e:
            used = sorted({str(obj) for obj in e.protected_objects if getattr(obj, "roadmap_id", None)} or {"—"})
            raise ValidationError(
                _(
                    "Kerangka road map %(target)s tidak dapat diganti: %(rows)s tidak ada pada road map %(source)s, "
                    "tetapi masih dipakai (antara lain oleh %(used)s). Pindahkan dulu indikator atau rencana aksi "
                    "tersebut."
                )
                % {
                    "target": target,
                    "source": source,
                    "rows": ", ".join(str(row) for row in extra),
                    "used": ", ".join(used[:5]),
                }
            ) from e
    changed = [
        row
        for code, row in mine.items()
        if code in wanted and any(getattr(row, f) != getattr(wanted[code], f) for f in fields)
    ]
    if changed:
        # Two steps: a swap of order or name between two rows must not meet the uniqueness on the way.
        # Saved row by row (a framework has a few dozen rows): the dashboards' cache hears of each change.
        for i, row in enumerate(changed):
            row.order, row.name = 32767 - i, f"~{row.pk}~"
            row.save(update_fields=["order", "name"])
        for row in changed:
            for f in fields:
                setattr(row, f, getattr(wanted[row.code], f))
            row.save(update_fields=list(fields))
    new = [
        model.objects.create(roadmap=target, code=code, **{f: getattr(row, f) for f in fields})
        for code, row in wanted.items()
        if code not in mine
    ]
    return len(new), len(changed), len(extra)
