"""Reviewing the rencana aksi: the review page shows each action's tahapan for the quarter beside what was
reported; Kembalikan takes a note per action; the officer sees it on the action's card; the e-mail lists it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from evaluations.models import ActionStatus, ReportStatus, ReviewNote
from evaluations.services import actions, reports
from evaluations.services.reports import ProgressInput
from tests import action_world
from tests.test_scheduling_support import eager_celery

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "officer_a", "officer_b", "reviewer", "pimpinan", "admin"]


@pytest.fixture
def submitted(roadmap, unit_a, unit_b, people):
    world = action_world.build(roadmap, unit_a, unit_b)
    officer = people["officer_a"]
    reports.report_save_draft(
        report=world.report_a,
        user=officer,
        rows=[ProgressInput(progress_id=world.progress_a.pk, version=0, realisasi=Decimal("80"))],
    )
    actions.action_row_save(
        user=officer,
        row=world.ra01,
        data={
            "status": ActionStatus.RUNNING,
            "progress": Decimal("40"),
            "output_realised": Decimal("1"),
            "budget_realised": Decimal("20000000"),
            "kendala": "Narasumber berhalangan",
        },
        version=0,
    )
    action_world.attach_pdf(world.ra01, "notulen konsultasi.pdf")
    reports.report_submit(report=world.report_a, user=officer)
    return world


def _card(html: str, row) -> str:
    start = html.index(f'id="aksi-{row.pk}"')
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize("who", PEOPLE)
def test_the_review_page_shows_the_actions_to_whoever_may_review_or_read(as_user, submitted, people, who):
    response = as_user(people[who]).get(reverse("evaluations:review_detail", args=[submitted.report_a.pk]))
    expected = {"anonymous": 302, "officer_a": 403, "officer_b": 403, "reviewer": 200, "pimpinan": 200, "admin": 200}
    assert response.status_code == expected[who]
    if response.status_code == 200:  # who may not read it got the status asserted above
        card = _card(response.content.decode(), submitted.ra01)
        assert "Konsultasi publik (50 %)" in card  # the tahapan of TW II
        assert "50 % → 40 %" in card and "di bawah rencana" in card  # planned next to reported
        assert "Rp 50.000.000 → Rp 20.000.000 (40 %)" in card
        assert "Narasumber berhalangan" in card and "notulen konsultasi.pdf" in card
        # Only those who may return the report get the note field.
        assert (f'name="catatan_aksi_{submitted.ra01.pk}"' in card) == (who in {"reviewer", "admin"})


@pytest.fixture
def eager():
    # tests/test_scheduling_support.eager_celery, not test_review_mail's fixture: that one leaves the Celery
    # app eager for tests/test_outbox.py when it runs first (an order dependence of its own, left alone here).
    with eager_celery():
        yield


def test_return_with_a_note_on_an_action_reaches_the_officer_and_the_email(
    as_user, submitted, people, eager, django_capture_on_commit_callbacks
):
    url = reverse("evaluations:review_return", args=[submitted.report_a.pk])
    data = {
        "alasan": "Progres RA-01 belum didukung bukti",
        f"catatan_aksi_{submitted.ra01.pk}": "Lampirkan daftar hadir konsultasi publik",
        f"catatan_aksi_{submitted.ra03.pk}": "bukan laporan ini",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(people["reviewer"]).post(url, data)
    assert response.status_code == 302
    submitted.report_a.refresh_from_db()
    assert submitted.report_a.status == ReportStatus.DIKEMBALIKAN
    note = ReviewNote.objects.get(decision__report=submitted.report_a)
    assert (note.action_progress_id, note.progress_id, note.note) == (
        submitted.ra01.pk,
        None,
        "Lampirkan daftar hadir konsultasi publik",
    )

    # The officer sees the note on the action's card, and can edit again.
    page = as_user(people["officer_a"]).get(reverse("evaluations:report_detail", args=[submitted.report_a.pk]))
    card = _card(page.content.decode(), submitted.ra01)
    assert "Catatan verifikator" in card and "Lampirkan daftar hadir konsultasi publik" in card
    assert "formaction" in card

    # The review page lists the note under the decision, linked to the action.
    review = as_user(people["reviewer"]).get(reverse("evaluations:review_detail", args=[submitted.report_a.pk]))
    assert f'<a href="#aksi-{submitted.ra01.pk}">RA-01</a>: Lampirkan daftar hadir' in review.content.decode()

    message = next(m for m in mail.outbox if m.to == [people["officer_a"].email])
    assert "Catatan per rencana aksi" in message.body
    assert "- RA-01 Penyusunan SOP pelayanan: Lampirkan daftar hadir konsultasi publik" in message.body
    html = message.alternatives[0][0]
    assert "<strong>RA-01</strong> Penyusunan SOP pelayanan: Lampirkan daftar hadir konsultasi publik" in html


def test_a_note_on_an_action_of_a_report_with_actions_only(as_user, roadmap, unit_a, unit_b, people):
    world = action_world.build(roadmap, unit_a, unit_b)
    actions.action_row_save(user=people["officer_b"], row=world.ra03, data={"status": "berjalan"}, version=0)
    reports.report_submit(report=world.report_b, user=people["officer_b"])
    review = as_user(people["reviewer"]).get(reverse("evaluations:review_detail", args=[world.report_b.pk]))
    html = review.content.decode()
    assert "Laporan ini tidak memiliki indikator." not in html and f'id="aksi-{world.ra03.pk}"' in html
    url = reverse("evaluations:review_return", args=[world.report_b.pk])
    as_user(people["reviewer"]).post(url, {"alasan": "x", f"catatan_aksi_{world.ra03.pk}": "Isi progres"})
    assert ReviewNote.objects.get(decision__report=world.report_b).action_progress_id == world.ra03.pk
