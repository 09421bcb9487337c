"""Reading filter values from the URL: bad input is ignored, never an error page."""

from __future__ import annotations

from typing import Any

# Ids, years and quarters all fit a PostgreSQL integer; a larger number would raise a DataError
# in the query (a 500) instead of simply matching nothing.
_MAX = 2**31


def query_int(value: Any) -> int | None:
    """A positive whole number from the query string, or None for anything else."""
    if value in (None, ""):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number < _MAX else None
