"""API writes: tokens (the secret is returned once and never stored), and the rows of a realisasi post."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from api.models import PREFIX_LENGTH, ApiToken, hash_secret, new_secret
from evaluations.models import Progress, Report
from evaluations.services.reports import ProgressInput
from roadmap.models import User


def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret, which only the caller ever sees."""
    secret = new_secret()
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=secret[:PREFIX_LENGTH], key_hash=hash_secret(secret)
    )
    return token, secret


def token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke for good; a second revoke keeps the first date."""
    ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token.refresh_from_db(fields=["revoked_at"])
    return token


def progress_inputs(*, report: Report, rows: list[dict[str, Any]]) -> list[ProgressInput]:
    """The API's validated rows as the service's ProgressInput, resolved against the report's own rows.

    A row names its indicator by code or its progress row by id; a field it leaves out keeps the stored
    value (the form always sends every field; an API caller need not). Raises ValidationError with one
    entry per refused row ("rows.<index>.<field>"), so nothing is saved when any row is wrong.
    """
    progress = list(Progress.objects.filter(report=report).select_related("indicator"))
    by_pk = {p.pk: p for p in progress}
    by_code = {p.indicator.code: p for p in progress}
    errors: dict[str, dict[str, list[str]]] = {}
    inputs: list[ProgressInput] = []
    seen: set[int] = set()
    for index, row in enumerate(rows):
        key = "indicator" if "indicator" in row else "progress"
        p = by_code.get(row["indicator"]) if key == "indicator" else by_pk.get(row["progress"])
        row_errors: dict[str, list[str]] = {}
        if p is None:
            row_errors[key] = [_("Indikator %(ref)s tidak termasuk laporan ini.") % {"ref": row[key]}]
        elif p.pk in seen:
            row_errors[key] = [_("Indikator %(code)s disebut lebih dari sekali.") % {"code": p.indicator.code}]
        else:
            seen.add(p.pk)
            if p.indicator.is_milestone and row.get("realisasi") is not None:
                row_errors["realisasi"] = [_("Indikator milestone: isi milestone_done (true/false), bukan realisasi.")]
            if not p.indicator.is_milestone and row.get("milestone_done") is not None:
                row_errors["milestone_done"] = [_("Hanya indikator milestone yang memakai milestone_done.")]
        if row_errors:
            errors[str(index)] = row_errors
            continue
        assert p is not None
        inputs.append(
            ProgressInput(
                progress_id=p.pk,
                version=row["version"],
                realisasi=row.get("realisasi", p.realisasi),
                milestone_done=row.get("milestone_done", p.milestone_done),
                penjelasan=row.get("penjelasan", p.penjelasan),
                kendala=row.get("kendala", p.kendala),
                rencana_tindak_lanjut=row.get("rencana_tindak_lanjut", p.rencana_tindak_lanjut),
            )
        )
    if errors:
        raise ValidationError({"rows": errors})
    return inputs
