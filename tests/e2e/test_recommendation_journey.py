"""An LHE recommendation followed up in Chromium: the admin enters the 2024 Indeks RB (the Evaluasi RB page) and a
recommendation of its LHE assigned to Dinas Kesehatan; `operator.dinkes` finds it in the next quarter's report
(TW I 2025, the quarter of the LHE's date), reports its tindak lanjut Selesai with evidence (Ajukan is refused
first, the file missing) and submits; the reviewer sees it and approves; the Rekomendasi LHE page shows it Selesai.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import FollowUp, FollowUpStatus, RbEvaluation, Report, ReportStatus
from roadmap.models import Unit, User
from tests.e2e.journey import accept_next_dialog, fill_indicators, login, open_demo, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TEXT = "Tetapkan peta proses bisnis layanan kesehatan dasar."


def test_admin_enters_a_recommendation_dinkes_follows_it_up_reviewer_approves_page_shows_it(
    new_page, live_server, tmp_path
):
    demo = open_demo(live_server.url)
    RbEvaluation.objects.filter(year=2024).delete()  # the demo's own 2024 result: the admin enters it here
    report = Report.objects.get(unit__slug="dinkes", cycle=demo.cycle)
    fill_indicators(report, User.objects.get(username="operator.dinkes"))

    # The admin enters the 2024 Indeks RB with its LHE, then a recommendation assigned to Dinkes.
    admin = new_page()
    login(admin, demo.url, "admin")
    admin.goto(demo.url + reverse("evaluations:rb_create"))
    admin.get_by_label("Tahun evaluasi").fill("2024")
    admin.get_by_label("Nilai RB General").fill("62,15")
    admin.get_by_label("Nilai RB Tematik").fill("8,50")
    admin.get_by_label("Nomor LHE").fill("B/1234/M.RB.06/2025")
    admin.get_by_label("Tanggal LHE").fill("2025-03-14")
    admin.locator("#simpan-evaluasi").click()
    expect(admin.get_by_text("Hasil evaluasi RB tahun 2024 disimpan.")).to_be_visible()
    admin.goto(demo.url + reverse("evaluations:recommendation_add", args=[2024]))
    admin.get_by_label("Nomor").fill("1")
    admin.get_by_label("Rekomendasi").fill(TEXT)
    admin.get_by_label("Tahun jatuh tempo").fill("2025")
    admin.get_by_label("Triwulan jatuh tempo").select_option("2")
    admin.get_by_label("Unit penanggung jawab").select_option(label=str(Unit.objects.get(slug="dinkes")))
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.get_by_text("Rekomendasi LHE 2024 No. 1 tersimpan.")).to_be_visible()
    expect(admin.locator("[data-unit=dinkes] [data-role=status]")).to_have_text("Belum dilaporkan")
    row = FollowUp.objects.get(report=report)  # the open TW I 2025 report got its row at once

    # Dinkes reports its tindak lanjut Selesai; Ajukan is refused until the evidence is there.
    officer = new_page()
    login(officer, demo.url, "operator.dinkes")
    officer.goto(demo.url + reverse("evaluations:report_detail", args=[report.pk]))
    card = officer.locator(f"#tl-{row.pk}")
    expect(card).to_contain_text(TEXT)
    card.get_by_label("Status tindak lanjut").select_option("selesai")
    card.get_by_label("Penjelasan tindak lanjut").fill("Peta proses bisnis ditetapkan dengan SK kepala dinas.")
    card.get_by_role("button", name="Simpan tindak lanjut ini").click()
    expect(officer.locator(f"#tl-{row.pk}").get_by_role("status")).to_have_text("Tersimpan.")
    expect(officer.locator(f"#tl-{row.pk} [data-role=status-label]")).to_have_text("Selesai")
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()
    expect(officer.locator("#form-error")).to_contain_text(
        "LHE 2024 No. 1: bukti dukung tindak lanjut yang Selesai belum diunggah."
    )
    card = officer.locator(f"#tl-{row.pk}")
    card.locator("input[type=file]").set_input_files(write_pdf(tmp_path, "SK peta proses bisnis.pdf"))
    card.get_by_role("button", name="Unggah").click()
    expect(officer.locator(f"#tl-{row.pk}").get_by_role("link", name="SK peta proses bisnis.pdf")).to_be_visible()
    accept_next_dialog(officer)
    officer.get_by_role("button", name="Ajukan").click()
    expect(officer.locator("#report-status")).to_have_text("Diajukan")

    # The reviewer sees the tindak lanjut and approves.
    reviewer = new_page()
    login(reviewer, demo.url, "bpsdm")
    reviewer.goto(demo.url + reverse("evaluations:review_detail", args=[report.pk]))
    review_card = reviewer.locator(f"#tl-{row.pk}")
    expect(review_card.locator("[data-field=status]")).to_have_text("Selesai")
    expect(review_card).to_contain_text("SK peta proses bisnis.pdf")
    accept_next_dialog(reviewer)
    reviewer.locator("#aksi-setujui").get_by_role("button", name="Setujui").click()
    expect(reviewer.locator("#status-laporan")).to_have_text("Disetujui")

    # The Rekomendasi LHE page shows it done, for the reviewer and for Dinkes itself.
    for page in (reviewer, officer):
        page.goto(demo.url + reverse("evaluations:recommendation_list") + "?tahun=2024")
        line = page.locator("[data-unit=dinkes]")
        expect(line.locator("[data-role=status]")).to_have_text("Selesai")
        expect(line).to_contain_text("TW I 2025")

    report.refresh_from_db()
    row.refresh_from_db()
    assert (report.status, row.status, row.evidence.count()) == (ReportStatus.DISETUJUI, FollowUpStatus.SELESAI, 1)
