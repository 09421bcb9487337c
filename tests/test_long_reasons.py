"""A reviewer's long Alasan (Kembalikan, Buka Kembali) is kept whole and never overflows a bounded column.

simple-history's change reason is a varchar(100): the services write only the step's name and a cut one-line
summary there; the whole reason lives in ReviewDecision.reason and is what the officer reads on their page.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from evaluations.models import Decision, Report, ReportStatus, ReviewDecision
from evaluations.services import cycles, reports
from roadmap.text import ELLIPSIS, change_reason, cut, fit
from tests.test_review_data import add_indicators, at_wita, open_cycle, report_of, submitted_report

pytestmark = pytest.mark.django_db

NOW = at_wita(2025, 4, 15, 8, 0)  # TW I 2025: due 10 April, closes 20 April
REALISTIC = "Mohon perbaiki bukti dukung indikator DISKOMINFO-03 dan DISKOMINFO-05 karena dokumen belum ditandatangani."


def long_reason(length: int = 4000) -> str:
    """A reason of exactly `length` characters, made of numbered realistic sentences (each part findable)."""
    parts, n = [], 1
    while len(" ".join(parts)) < length:
        parts.append(f"({n}) {REALISTIC}")
        n += 1
    return " ".join(parts)[:length]


def history_reason(report: Report) -> str:
    return report.history.order_by("-history_date", "-history_id").first().history_change_reason


@pytest.fixture
def submitted(roadmap, unit_a, officer_a):
    with time_machine.travel(NOW, tick=False):
        add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1)])
        cycle = open_cycle(roadmap)
        report = submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 60}, at_wita(2025, 4, 8))
        yield report


@pytest.fixture
def approved(submitted, reviewer):
    with time_machine.travel(NOW, tick=False):
        return reports.report_approve(report=submitted, reviewer=reviewer)


# --- The helper ----------------------------------------------------------------------------------------------


def test_cut_keeps_what_fits_and_marks_what_was_cut():
    assert cut("pendek", 10) == "pendek"
    assert cut("x" * 10, 10) == "x" * 10
    assert cut("x" * 11, 10) == "x" * 9 + ELLIPSIS
    assert len(cut("é" * 5000, 100)) == 100


def test_fit_reads_the_columns_own_length():
    assert len(fit("a" * 500, ReviewDecision, "decision")) == ReviewDecision._meta.get_field("decision").max_length


def test_change_reason_is_the_step_and_a_one_line_summary_that_fits():
    assert change_reason(Report, "Ajukan") == "Ajukan"
    reason = change_reason(Report, "Kembalikan", "baris satu\n\nbaris   dua " + "x" * 300)
    assert reason.startswith("Kembalikan: baris satu baris dua x")
    assert len(reason) == 100 and reason.endswith(ELLIPSIS)


# --- The services --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("length", [len(REALISTIC), 4000])
def test_return_with_a_long_reason_keeps_it_whole(submitted, reviewer, length):
    reason = long_reason(length)
    with time_machine.travel(NOW, tick=False):
        report = reports.report_return(report=submitted, reviewer=reviewer, reason=reason)
    assert report.status == ReportStatus.DIKEMBALIKAN
    assert ReviewDecision.objects.get(report=report, decision=Decision.RETURN).reason == reason
    summary = history_reason(report)
    assert summary.startswith("Kembalikan: (1) Mohon perbaiki bukti dukung")
    assert len(summary) <= 100


@pytest.mark.parametrize("length", [len(REALISTIC), 4000])
def test_reopen_with_a_long_reason_keeps_it_whole(approved, reviewer, length):
    reason = long_reason(length)
    with time_machine.travel(NOW, tick=False):
        report = reports.report_reopen(report=approved, reviewer=reviewer, reason=reason)
    assert (report.status, report.reopened_until) == (ReportStatus.DIKEMBALIKAN, dt.date(2025, 4, 22))
    assert ReviewDecision.objects.get(report=report, decision=Decision.REOPEN).reason == reason
    summary = history_reason(report)
    assert summary.startswith("Buka Kembali: (1) Mohon perbaiki")
    assert len(summary) <= 100


# --- The pages, by URL ---------------------------------------------------------------------------------------


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _officer_sees_the_whole_reason(as_user, officer, report: Report, reason: str) -> None:
    with time_machine.travel(NOW, tick=False):
        html = as_user(officer).get(reverse("evaluations:report_detail", args=[report.pk])).content.decode()
    box = html[html.index('id="return-reason"') :]
    box = box[: box.index("</div>")]
    assert reason in box  # every one of the 4,000 characters
    assert "(30) Mohon perbaiki" in box  # far past any cut summary


def test_kembalikan_page_with_a_4000_character_reason(submitted, reviewer, officer_a, as_user):
    reason = long_reason()
    with time_machine.travel(NOW, tick=False):
        response = as_user(reviewer).post(reverse("evaluations:review_return", args=[submitted.pk]), {"alasan": reason})
    assert response.status_code == 302
    assert _messages(response) == ["Laporan TW I 2025 DA dikembalikan untuk diperbaiki."]
    report = Report.objects.get(pk=submitted.pk)
    assert report.status == ReportStatus.DIKEMBALIKAN
    assert report.decisions.get().reason == reason
    _officer_sees_the_whole_reason(as_user, officer_a, report, reason)
    # Riwayat names the step with the start of the reason, cut to fit.
    with time_machine.travel(NOW, tick=False):
        html = as_user(officer_a).get(reverse("evaluations:report_history", args=[report.pk])).content.decode()
    riwayat = html[html.index('id="riwayat"') :]
    assert "Kembalikan: (1) Mohon perbaiki bukti dukung" in riwayat


def test_buka_kembali_page_with_a_4000_character_reason(approved, reviewer, officer_a, as_user):
    reason = long_reason()
    with time_machine.travel(NOW, tick=False):
        response = as_user(reviewer).post(
            reverse("evaluations:review_reopen", args=[approved.pk]), {"alasan": reason, "sampai": "2025-04-25"}
        )
    assert response.status_code == 302
    assert _messages(response) == ["Laporan TW I 2025 DA dibuka kembali."]
    report = Report.objects.get(pk=approved.pk)
    assert (report.status, report.reopened_until) == (ReportStatus.DIKEMBALIKAN, dt.date(2025, 4, 25))
    assert report.decisions.get(decision=Decision.REOPEN).reason == reason
    _officer_sees_the_whole_reason(as_user, officer_a, report, reason)


def test_buka_kembali_of_a_closed_cycles_report_with_a_long_reason(submitted, reviewer, officer_a, as_user):
    # The other branch of Buka Kembali: the window has closed (the report is still Diajukan).
    cycles.cycle_close(cycle=submitted.cycle)
    reason = long_reason()
    with time_machine.travel(NOW, tick=False):
        response = as_user(reviewer).post(reverse("evaluations:review_reopen", args=[submitted.pk]), {"alasan": reason})
    assert response.status_code == 302
    report = Report.objects.get(pk=submitted.pk)
    assert report.status == ReportStatus.DIKEMBALIKAN and report.decisions.get().reason == reason
    _officer_sees_the_whole_reason(as_user, officer_a, report, reason)


@pytest.mark.parametrize(("url_name", "fixture"), [("review_return", "submitted"), ("review_reopen", "approved")])
def test_a_reason_over_4000_characters_is_refused_with_a_message(url_name, fixture, reviewer, as_user, request):
    report = request.getfixturevalue(fixture)
    before = Report.objects.get(pk=report.pk).status
    with time_machine.travel(NOW, tick=False):
        response = as_user(reviewer).post(reverse(f"evaluations:{url_name}", args=[report.pk]), {"alasan": "x" * 4001})
    assert response.status_code == 200
    assert "paling banyak 4000 karakter" in response.content.decode()
    assert Report.objects.get(pk=report.pk).status == before
    assert not ReviewDecision.objects.filter(report=report).exclude(decision=Decision.APPROVE).exists()
