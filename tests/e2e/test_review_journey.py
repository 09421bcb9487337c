"""The review loop in Chromium: Kembalikan with a reason, the officer fixes and resubmits, Setujui, Dasbor,
then Buka Kembali. Both reasons are longer than the history's change reason column (100): they are kept whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from areas import scoring
from dashboards import selectors as dashboard_selectors
from evaluations.models import Progress, ReportStatus
from roadmap.models import User
from tests.e2e.journey import QUARTER, YEAR, accept_next_dialog, angka, koma, login, open_demo, persen, submitted_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNIT = "dpmptsp"  # higher and lower is better (waktu penyelesaian perizinan), several areas
REASON = (
    "Realisasi IKM belum sesuai laporan survei triwulan I; mohon periksa kembali jumlah responden, lampirkan berita "
    "acara survei yang ditandatangani kepala dinas, dan sesuaikan penjelasan dengan hasil survei."
)
REOPEN_REASON = (
    "Buka kembali atas permintaan DPMPTSP: angka waktu penyelesaian perizinan triwulan I salah ketik pada dua "
    "indikator; mohon perbaiki sesuai rekap OSS dan unggah ulang bukti dukung yang sudah ditandatangani."
)
NOTE = "Lampirkan hasil survei IKM triwulan I."


def test_return_fix_resubmit_approve_and_dashboard(new_page, live_server):
    demo = open_demo(live_server.url)
    report = submitted_report(demo, UNIT)
    rows = list(report.progress_rows.select_related("indicator").order_by("indicator__area__order", "indicator__code"))
    fixed = next(p for p in rows if not p.indicator.is_milestone and p.indicator.polarity == "higher")
    new_value = (fixed.target_value * Decimal("1.02")).quantize(Decimal("0.1")) + Decimal("0.05")

    reviewer = new_page()
    login(reviewer, demo.url, "bpsdm")
    reviewer.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Antrian Verifikasi").click()
    reviewer.locator("#antrian").get_by_role("link", name=report.unit.name).click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Diajukan")
    card = reviewer.locator(f"#indikator-{fixed.pk}")
    card.locator("summary").click()
    card.locator("textarea").fill(NOTE)
    kembalikan = reviewer.locator("#aksi-kembalikan")
    kembalikan.get_by_label("Alasan").fill(REASON)
    kembalikan.get_by_role("button", name="Kembalikan").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Dikembalikan")
    expect(reviewer.locator("#keputusan")).to_contain_text(REASON)

    # The officer, in a browser of their own, sees the reason and the note, fixes one value, submits again.
    officer = new_page()
    login(officer, demo.url, f"operator.{UNIT}")
    expect(officer.get_by_text("Laporan dikembalikan oleh BKPSDM")).to_be_visible()
    officer.get_by_role("link", name="Isi laporan TW I 2025").click()
    expect(officer.locator("#report-status")).to_have_text("Dikembalikan")
    expect(officer.locator("#return-reason")).to_contain_text(REASON)
    officer_card = officer.locator(f"#ind-{fixed.pk}")
    expect(officer_card.get_by_role("note")).to_contain_text(NOTE)
    officer_card.locator("[data-role=realisasi]").fill(koma(new_value))
    expected = scoring.capaian(polarity="higher", target=fixed.target_value, realisasi=new_value)
    expect(officer_card.locator("[data-role=capaian]")).to_have_text(persen(expected))
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()  # saves what was typed, then submits
    expect(officer.locator("#report-status")).to_have_text("Diajukan")
    expect(officer.locator("#lock-reason")).to_contain_text("Menunggu verifikasi")

    # The reviewer sees the new value and approves.
    reviewer.reload()
    expect(reviewer.locator("#status-laporan")).to_have_text("Diajukan")
    expect(reviewer.locator(f"#indikator-{fixed.pk} [data-field=realisasi]")).to_have_text(angka(new_value))
    accept_next_dialog(reviewer)
    reviewer.locator("#aksi-setujui").get_by_role("button", name="Setujui").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Disetujui")
    report.refresh_from_db()
    assert report.status == ReportStatus.DISETUJUI
    assert Progress.objects.get(pk=fixed.pk).realisasi == new_value

    # Dasbor of TW I 2025 shows the approved numbers: weighted means of the clipped capaian (areas.scoring).
    progress = list(Progress.objects.filter(report=report).select_related("indicator__area"))
    unit_score = scoring.weighted_mean((p.capaian, p.indicator.weight) for p in progress)
    by_area: dict[str, list[Progress]] = {}
    for p in progress:
        by_area.setdefault(p.indicator.area.code, []).append(p)
    reviewer.goto(f"{demo.url}/dasbor/?roadmap={demo.roadmap.pk}&tahun={YEAR}&triwulan={QUARTER}")
    expect(reviewer.locator(f"#tabel-peringkat tr[data-unit={UNIT}] [data-capaian]")).to_have_text(persen(unit_score))
    expect(reviewer.locator("#capaian-keseluruhan")).to_have_text(persen(unit_score))  # the only approved report
    for code, members in by_area.items():
        area_score = scoring.weighted_mean((p.capaian, p.indicator.weight) for p in members)
        expect(reviewer.locator(f"#tabel-area tr[data-area={code}] [data-capaian]")).to_have_text(persen(area_score))

    # The same numbers from the dashboards' read layer (SQL), as a cross-check of the Python rule.
    user = User.objects.get(username="bpsdm")
    from django.http import QueryDict

    filters = dashboard_selectors.dashboard_filters(
        query=QueryDict(f"roadmap={demo.roadmap.pk}&tahun={YEAR}&triwulan={QUARTER}"), user=user
    )
    ranking = {r.unit.slug: r.score.value for r in dashboard_selectors.unit_ranking(user=user, filters=filters)}
    assert persen(ranking[UNIT]) == persen(unit_score)

    # Buka Kembali of the approved report, with a reason of 200 characters: the officer reads all of it.
    assert len(REASON) > 200 and len(REOPEN_REASON) > 200
    reviewer.goto(demo.url + reverse("evaluations:review_detail", args=[report.pk]))
    buka = reviewer.locator("#aksi-buka-kembali")
    buka.get_by_label("Alasan").fill(REOPEN_REASON)
    accept_next_dialog(reviewer)
    buka.get_by_role("button", name="Buka Kembali").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Dikembalikan")
    expect(reviewer.locator("#keputusan")).to_contain_text(REOPEN_REASON)
    officer.reload()
    expect(officer.locator("#report-status")).to_have_text("Dikembalikan")
    expect(officer.locator("#return-reason")).to_contain_text("Laporan dibuka kembali")
    expect(officer.locator("#return-reason")).to_contain_text(REOPEN_REASON)
