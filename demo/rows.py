"""Write a row only when it differs: a second seed_demo must not add history rows or touch timestamps."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def upsert(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """The row of `lookup` with `values`: created when missing, saved only when a value changed.

    update_or_create() saves every time, and a model with simple-history would gain a history row
    on each run; this keeps a second run a no-op.
    """
    row = model._default_manager.filter(**lookup).first()
    if row is None:
        return model._default_manager.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
    return row
