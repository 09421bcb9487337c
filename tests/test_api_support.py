"""Shared data of the API tests: two units with an open quarter, and an API token for every person."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from api.services import token_create
from evaluations.models import Report
from evaluations.services import cycles
from tests import factories


def api_world(roadmap, unit_a, unit_b) -> dict:
    """TW I 2025 open; unit A: A-01 (higher, target 80, no evidence needed), A-02 (milestone), A-03 (needs
    evidence); unit B: B-01."""
    a1 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-01", requires_evidence=False)
    a2 = factories.IndicatorFactory(
        roadmap=roadmap, unit=unit_a, code="A-02", polarity="milestone", requires_evidence=False
    )
    a3 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_a, code="A-03")
    b1 = factories.IndicatorFactory(roadmap=roadmap, unit=unit_b, code="B-01", requires_evidence=False)
    for indicator, value in ((a1, "80"), (a2, "1"), (a3, "100"), (b1, "50")):
        factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1, value=Decimal(value))
        factories.IndicatorAnnualTargetFactory(indicator=indicator, year=2025, value=Decimal(value))
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    return {
        "cycle": cycle,
        "report_a": Report.objects.get(cycle=cycle, unit=unit_a),
        "report_b": Report.objects.get(cycle=cycle, unit=unit_b),
    }


def token_client(user, *, language: str | None = None) -> Client:
    """A client that calls the API with a fresh token of `user` (anonymous when None)."""
    headers = {}
    if user is not None:
        _token, secret = token_create(user=user, name="uji")
        headers["Authorization"] = f"Token {secret}"
    if language:
        headers["Accept-Language"] = language
    return Client(headers=headers)
