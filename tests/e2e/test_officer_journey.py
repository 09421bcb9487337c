"""The Operator Unit's journey in Chromium: Beranda → report form → realisasi → evidence → Simpan Draf → Ajukan."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from playwright.sync_api import expect

from areas import scoring
from evaluations.models import Report, ReportStatus
from tests.e2e.journey import accept_next_dialog, koma, login, open_demo, persen, tanggal, write_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

UNIT = "setda"  # ten indicators: higher and lower is better, counts, and a milestone
FACTORS = [Decimal("0.95"), Decimal("0.7"), Decimal("0.4"), Decimal("1.05")]  # hijau, kuning, merah, hijau
WHOLE_NUMBERS = {"perda", "dokumen", "unit"}  # satuan counted in whole numbers


def planned_values(rows):
    """{progress pk: (what the officer types, the realisasi or done flag)} spread over the traffic lights."""
    plan = {}
    for i, p in enumerate(rows):
        if p.indicator.is_milestone:
            plan[p.pk] = ("1", True)
            continue
        exponent = Decimal(1) if p.indicator.satuan in WHOLE_NUMBERS else Decimal("0.1")
        value = (p.target_value * FACTORS[i % len(FACTORS)]).quantize(exponent, rounding=ROUND_HALF_UP)
        if exponent < 1 and value == value.to_integral_value():
            value += Decimal("0.5")  # every fractional row really has a decimal comma, e.g. 85,5
        plan[p.pk] = (koma(value), value)
    return plan


def expected_capaian(p, value):
    if p.indicator.is_milestone:
        return scoring.capaian(polarity=p.indicator.polarity, done=value)
    return scoring.capaian(polarity=p.indicator.polarity, target=p.target_value, realisasi=value)


def test_officer_fills_saves_uploads_and_submits_tw_i(new_page, live_server, tmp_path):
    demo = open_demo(live_server.url)
    report = Report.objects.select_related("unit").get(unit__slug=UNIT, cycle=demo.cycle)
    rows = list(report.progress_rows.select_related("indicator").order_by("indicator__area__order", "indicator__code"))
    assert len(rows) >= 5 and any(p.indicator.is_milestone for p in rows)
    plan = planned_values(rows)

    page = new_page()
    login(page, demo.url, f"operator.{UNIT}")

    # Beranda: TW I 2025 is open, with its due date.
    panel = page.locator("section[aria-labelledby=periode]")
    expect(panel.locator("#periode")).to_have_text("Laporan Triwulan TW I 2025")
    expect(panel).to_contain_text(f"Batas waktu: {tanggal(demo.cycle.due_on)}")
    expect(panel).to_contain_text("7 hari lagi")
    expect(panel.locator("#report-status")).to_have_text("Belum Mulai")
    panel.get_by_role("link", name="Isi laporan TW I 2025").click()
    expect(page.locator("h1")).to_have_text("Laporan Triwulan TW I 2025")

    # Realisasi with decimal commas; capaian and the traffic light follow the typing.
    first_number = next(p for p in rows if not p.indicator.is_milestone)
    card = page.locator(f"#ind-{first_number.pk}")
    card.locator("[data-role=realisasi]").fill("1.234,5")  # grouped thousands, the Indonesian way
    thousands = expected_capaian(first_number, Decimal("1234.5"))
    expect(card.locator("[data-role=capaian]")).to_have_text(persen(thousands))
    for p in rows:
        card = page.locator(f"#ind-{p.pk}")
        typed, value = plan[p.pk]
        if p.indicator.is_milestone:
            card.locator("[data-role=milestone]").select_option(typed)
        else:
            card.locator("[data-role=realisasi]").fill(typed)
        capaian = expected_capaian(p, value)
        expect(card.locator("[data-role=capaian]")).to_have_text(persen(capaian))
        light = scoring.traffic_light(capaian, scoring.DEFAULT_LIGHTS)
        expect(card.locator("[data-role=light]")).to_have_class(re.compile(rf"\btl-{light}\b"))
    lights = {scoring.traffic_light(expected_capaian(p, plan[p.pk][1]), scoring.DEFAULT_LIGHTS) for p in rows}
    assert lights == {"hijau", "kuning", "merah"}, lights
    page.locator(f"#ind-{rows[0].pk}").get_by_label("Kendala").fill("Data triwulan belum lengkap dari bidang.")

    page.get_by_role("button", name="Simpan Draf").click()
    expect(page.get_by_role("alert").filter(has_text="Draf tersimpan.")).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("Draf")

    # Evidence for every indicator that requires it: a real PDF, one upload per indicator.
    for p in rows:
        if not p.indicator.requires_evidence:
            continue
        name = f"bukti-{p.indicator.code}.pdf"
        card = page.locator(f"#ind-{p.pk}")
        card.locator("input[type=file]").set_input_files(write_pdf(tmp_path, name))
        card.get_by_role("button", name="Unggah").click()
        expect(page.locator(f"#ind-{p.pk}").get_by_role("link", name=name)).to_be_visible()

    # Reload: the saved values as the page shows them (85,5), and the server's capaian.
    page.reload()
    for p in rows:
        card = page.locator(f"#ind-{p.pk}")
        typed, value = plan[p.pk]
        field = card.locator("[data-role=milestone]" if p.indicator.is_milestone else "[data-role=realisasi]")
        expect(field).to_have_value(typed)
        expect(card.locator("[data-role=capaian]")).to_have_text(persen(expected_capaian(p, value)))
    expect(page.locator(f"#ind-{rows[0].pk}").get_by_label("Kendala")).to_have_value(
        "Data triwulan belum lengkap dari bidang."
    )

    accept_next_dialog(page)
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator("#lock-reason")).to_contain_text("Menunggu verifikasi")
    expect(page.locator("#report-status")).to_have_text("Diajukan")
    expect(page.get_by_role("button", name="Simpan Draf")).to_have_count(0)
    expect(page.locator(f"#ind-{rows[0].pk} [data-role=realisasi]")).to_be_disabled()

    report.refresh_from_db()
    assert report.status == ReportStatus.DIAJUKAN
    for p in report.progress_rows.select_related("indicator").prefetch_related("evidence"):
        value = plan[p.pk][1]
        if p.indicator.is_milestone:
            assert p.milestone_done is value
        else:
            assert p.realisasi == value
        assert p.capaian == expected_capaian(p, value)
        assert [e.original_name for e in p.evidence.all()] == [f"bukti-{p.indicator.code}.pdf"]
