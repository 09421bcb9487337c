"""Every error of the API in one JSON shape, in the request's language (Indonesian unless `Accept-Language: en`):

    {"error": {"code": "...", "message": "...", "fields": {"rows.0.realisasi": ["..."]}, "problems": ["..."]}}

`fields` names the invalid inputs (dotted paths into the body or the query), `problems` lists what stops
an Ajukan. The evaluation services' refusals are mapped here, so the views stay thin.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from evaluations.exceptions import IncompleteReport, InvalidTransition, ReportError, ReportLocked, StaleEdit


def flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {dotted path: [messages]}; errors not tied to a field go under "non_field"."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field" if key in ("non_field_errors", "__all__") else str(key)
            for path, messages in flatten(value, f"{prefix}.{name}" if prefix else name).items():
                out.setdefault(path, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out[prefix or "non_field"] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                for path, messages in flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    out.setdefault(path, []).extend(messages)
    elif detail is not None and str(detail):
        out[prefix or "non_field"] = [str(detail)]
    return out


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None, problems: list[str] | None = None
) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": message, "fields": fields or {}}
    if problems is not None:
        error["problems"] = problems
    return {"error": error}


def _domain_error(exc: ReportError) -> Response:
    if isinstance(exc, IncompleteReport):
        return Response(
            error_body("incomplete_report", exc.message, problems=[str(p) for p in exc.problems]),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, StaleEdit):
        code = "stale_version"
    elif isinstance(exc, ReportLocked):
        code = "report_locked"
    elif isinstance(exc, InvalidTransition):
        code = "invalid_transition"
    else:
        code = "report_error"
    return Response(
        error_body(code, exc.message, problems=[str(p) for p in exc.problems]), status=status.HTTP_409_CONFLICT
    )


def _message(exc: exceptions.APIException) -> str:
    """Our own wording for the common cases; DRF's (translated) text otherwise."""
    if isinstance(exc, exceptions.ValidationError):
        return _("Isian tidak sah; tidak ada yang disimpan.")
    if isinstance(exc, exceptions.NotAuthenticated):
        return _("Diperlukan token API: kirim header Authorization: Token <kunci>.")
    if isinstance(exc, exceptions.PermissionDenied):
        return _("Anda tidak berhak melakukan tindakan ini.")
    if isinstance(exc, exceptions.NotFound):
        return _("Data tidak ditemukan.")
    if isinstance(exc, exceptions.Throttled):
        if exc.wait is not None:
            return _("Terlalu banyak permintaan. Coba lagi dalam %(s)d detik.") % {"s": max(1, round(exc.wait))}
        return _("Terlalu banyak permintaan. Coba lagi nanti.")
    detail = exc.detail
    return str(detail) if isinstance(detail, str) else str(exc.default_detail)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ReportError):
        return _domain_error(exc)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response  # an unexpected error: a 500, logged as usual
    fields = flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    response.data = error_body(_code(exc), _message(exc), fields)
    return response


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code
