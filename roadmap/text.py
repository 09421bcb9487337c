"""Text cut to fit a bounded column.

User text that reaches a varchar column (CharField max_length) must fit it: PostgreSQL refuses a longer
value with a DataError, which the page shows as a 500. Where the whole text matters it is validated at the
form with a clear message, or stored in a TextField; these helpers are for the places that keep only a
label or a summary of it (simple-history's change reason, a name typed at the login form).
Lengths are in characters, as PostgreSQL's varchar(n) counts them.
"""

from __future__ import annotations

from django.db.models import Model

ELLIPSIS = "…"


def cut(text: str, limit: int) -> str:
    """`text` itself when it has at most `limit` characters, else its start and an ellipsis, `limit` in all."""
    if len(text) <= limit:
        return text
    return text[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS


def max_length(model: type[Model], field: str) -> int:
    length = model._meta.get_field(field).max_length
    if length is None:
        raise ValueError(f"{model.__name__}.{field} has no max_length")
    return length


def fit(text: str, model: type[Model], field: str) -> str:
    """`text` cut to the length of `model.field`'s column."""
    return cut(text, max_length(model, field))


def change_reason(model: type[Model], step: str, detail: str = "") -> str:
    """The simple-history change reason of a step: its name and, when given, a one-line summary of `detail`,
    cut to fit the history table's column (the whole text belongs in a column of its own)."""
    history_model = model.history.model  # type: ignore[attr-defined]  # simple-history's manager
    text = f"{step}: {' '.join(detail.split())}" if detail.strip() else step
    return fit(text, history_model, "history_change_reason")
