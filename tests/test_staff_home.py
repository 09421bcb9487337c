"""The staff Beranda: waiting reports card, the current cycle's counts by status, Terlambat; the units table stays."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse

from evaluations.services import cycles
from tests import factories
from tests.test_review_data import add_indicators, at_wita, fill, open_cycle, report_of, submitted_report

pytestmark = pytest.mark.django_db

HOMES = {"reviewer": "home_verifikator", "admin": "home_admin", "pimpinan": "home_pimpinan"}


@pytest.fixture
def data(roadmap, unit_a, unit_b, officer_a, officer_b):
    """TW I 2025: unit A submitted, unit B a draft, unit C never started; today 15 April (after the due date)."""
    unit_c = factories.UnitFactory(name="Kecamatan C", short_name="KC", slug="kec-c")
    add_indicators(roadmap, unit_a, [("A-01", "higher", "80", 1)])
    add_indicators(roadmap, unit_b, [("B-01", "higher", "50", 1)])
    add_indicators(roadmap, unit_c, [("C-01", "higher", "50", 1)])
    with time_machine.travel(at_wita(2025, 4, 15, 8), tick=False) as clock:
        cycle = open_cycle(roadmap)
        submitted_report(report_of(unit_a, cycle), officer_a, {"A-01": 70}, at_wita(2025, 4, 8))
        fill(report_of(unit_b, cycle), officer_b, {"B-01": 10})
        yield {"cycle": cycle, "clock": clock, "unit_c": unit_c}


def _badge(html: str, status: str) -> int:
    match = re.search(rf'data-status="{status}">[^<]*: <strong>(\d+)</strong>', html)
    assert match, status
    return int(match.group(1))


@pytest.mark.parametrize("person", ["reviewer", "admin"])
def test_reviewer_home_shows_waiting_card_cycle_counts_and_overdue(data, people, as_user, person):
    response = as_user(people[person]).get(reverse(HOMES[person]))
    assert response.status_code == 200
    html = response.content.decode()
    card = re.search(r'<a [^>]*href="([^"]+)"[^>]*id="kartu-menunggu"', html)
    assert card and card.group(1) == reverse("evaluations:review_queue")  # one click to the queue
    assert "Menunggu verifikasi: 1 laporan" in html[card.end() :]
    assert "TW I 2025" in html and "Dibuka" in html
    assert (_badge(html, "belum_mulai"), _badge(html, "draf"), _badge(html, "diajukan")) == (1, 1, 1)
    assert (_badge(html, "dikembalikan"), _badge(html, "disetujui")) == (0, 0)
    overdue = re.search(r'id="jumlah-terlambat">Terlambat: <strong>(\d+)</strong>', html)
    assert overdue and overdue.group(1) == "2"  # B (draft) and C (not started) are past 10 April
    # The units table is still there.
    assert "Dinas A" in html and "Kecamatan C" in html


def test_counts_follow_the_workflow(data, people, as_user):
    client = as_user(people["reviewer"])
    report = data["cycle"].reports.get(unit__name="Dinas A")
    client.post(reverse("evaluations:review_approve", args=[report.pk]))
    html = client.get(reverse("home_verifikator")).content.decode()
    assert "Menunggu verifikasi: 0 laporan" in html
    assert (_badge(html, "diajukan"), _badge(html, "disetujui")) == (0, 1)


def test_before_the_due_date_nothing_is_overdue(data, people, as_user):
    data["clock"].move_to(at_wita(2025, 4, 10, 12))
    html = as_user(people["reviewer"]).get(reverse("home_verifikator")).content.decode()
    assert re.search(r'id="jumlah-terlambat">Terlambat: <strong>0</strong>', html)


def test_pimpinan_home_has_counts_but_no_waiting_card(data, people, as_user):
    html = as_user(people["pimpinan"]).get(reverse("home_pimpinan")).content.decode()
    assert 'id="kartu-menunggu"' not in html
    assert _badge(html, "diajukan") == 1


def test_without_an_open_cycle(roadmap, people, as_user):
    html = as_user(people["reviewer"]).get(reverse("home_verifikator")).content.decode()
    assert "Belum ada periode evaluasi yang dibuka." in html
    assert "Menunggu verifikasi: 0 laporan" in html


def test_closed_cycle_is_shown_as_the_last_one(data, people, as_user):
    cycles.cycle_close(cycle=data["cycle"])
    html = as_user(people["reviewer"]).get(reverse("home_verifikator")).content.decode()
    assert "Periode terakhir: TW I 2025" in html and "Ditutup" in html


@pytest.mark.parametrize(
    ("person", "allowed"),
    [("reviewer", "home_verifikator"), ("admin", "home_admin"), ("pimpinan", "home_pimpinan")],
)
def test_each_staff_home_is_for_its_role_only(people, as_user, person, allowed):
    for name in HOMES.values():
        expected = 200 if name == allowed else 403
        assert as_user(people[person]).get(reverse(name)).status_code == expected, name
    assert as_user(people["officer_a"]).get(reverse(allowed)).status_code == 403
