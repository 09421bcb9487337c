"""The API's JSON parser: a body that is not JSON, or nested deeper than any request of the API needs, is a
400 in the API's JSON error shape (api.exceptions), never a 500.

DRF's JSONParser turns a ValueError into a ParseError, but not the RecursionError of a deeply nested body
(`[[[[…]]]]` 100,000 levels deep is 200 KB): that reached Django as an HTML 500. A body that parses but nests
deeper than MAX_DEPTH is refused too, so that no later recursive step (validation, the error flattening of
api.exceptions) meets it. The deepest request body of the API (the realisasi rows) nests 3 levels.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser as DrfJSONParser

MAX_DEPTH = 32


def depth_exceeds(data: Any, limit: int) -> bool:
    """True when `data` has lists or objects nested more than `limit` levels deep (checked without recursion)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


class JSONParser(DrfJSONParser):
    def parse(self, stream: Any, media_type: str | None = None, parser_context: dict | None = None) -> Any:
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(_("Isi permintaan bersarang terlalu dalam.")) from error
        except ParseError as error:
            raise ParseError(_("Isi permintaan bukan JSON yang sah.")) from error
        if depth_exceeds(data, MAX_DEPTH):
            raise ParseError(_("Isi permintaan bersarang terlalu dalam."))
        return data
