"""The verifying body is one, and its name is configurable (settings.VERIFIER_UNIT_NAME, default BKPSDM):
the seed article's BPSDM and the BKPSDM of a 2024 source are the same body (DESIGN.md)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import ReportStatus
from evaluations.services import reports
from roadmap import mail as roadmap_mail
from tests import factories
from tests.dashboard_data import open_quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(roadmap, officer_a):
    indicator = factories.IndicatorFactory(roadmap=roadmap, unit=officer_a.unit, code="A-1", requires_evidence=False)
    factories.IndicatorTargetFactory(indicator=indicator, year=2025, quarter=1)
    cycle = open_quarter(roadmap, 2025, 1)
    report = cycle.reports.get(unit=officer_a.unit)
    report.status = ReportStatus.DIAJUKAN
    report.save()
    return report


@pytest.mark.parametrize("name", ["BKPSDM", "BPSDM"])
def test_every_page_and_message_uses_the_configured_name(name, settings, submitted, officer_a, reviewer, as_user):
    settings.VERIFIER_UNIT_NAME = name
    other = "BPSDM" if name == "BKPSDM" else "BKPSDM"
    assert submitted.lock_reason() == f"Menunggu verifikasi {name}."
    assert reviewer.role_label == f"Verifikator {name}"
    staff_home = as_user(reviewer).get(reverse("home"), follow=True).content.decode()
    assert f"Verifikator {name}" in staff_home and f"Verifikator {other}" not in staff_home
    detail = as_user(officer_a).get(reverse("evaluations:report_detail", args=[submitted.pk])).content.decode()
    assert f"Menunggu verifikasi {name}." in detail and other not in detail
    _subject, text, html = roadmap_mail.render_mail("report-submitted", {"report": submitted, "late": False})
    assert f"Yth. Verifikator {name}," in text and f"Yth. Verifikator {name}," in html
    with pytest.raises(reports.InvalidTransition, match=f"Hanya Verifikator {name} atau Admin"):
        reports.report_approve(report=submitted, reviewer=officer_a)
    assert not mail.outbox
