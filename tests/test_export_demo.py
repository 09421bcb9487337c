"""MUST SHOW: export_report for the lived-in demo's latest quarter (TW II 2026 on 2 December 2026) equals the
dashboards' numbers; the PDF shows them, signed by the Kepala BKPSDM."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from areas import scoring
from areas.templatetags.monev import angka
from dashboards import selectors as dashboards
from evaluations.models import Cycle, Progress, ReportStatus
from roadmap.models import Roadmap, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_tw2(demo_today):
    roadmap = Roadmap.objects.get(is_active=True)
    return roadmap, Cycle.objects.get(roadmap=roadmap, year=2026, quarter=2)


def test_the_export_page_opens_on_the_latest_quarter_with_data(demo_today, client):
    client.force_login(User.objects.get(username="bpsdm"))
    filters = client.get(reverse("exports:index")).context["filters"]
    assert (filters.year, filters.quarter) == (2026, 2)


def test_export_report_xlsx_equals_dashboards_and_pdf_shows_totals(demo_tw2, tmp_path):
    roadmap, cycle = demo_tw2
    admin = User.objects.get(username="admin")
    dash_filters = dashboards.dashboard_filters(
        query=QueryDict(f"roadmap={roadmap.pk}&tahun=2026&triwulan=2"), user=admin
    )
    assert dash_filters.cycle == cycle
    overall = dashboards.score_overall(user=admin, filters=dash_filters).value
    by_unit = {r.unit.name: r.score.value for r in dashboards.unit_ranking(user=admin, filters=dash_filters)}
    by_area = {r.area.name: r.score.value for r in dashboards.scores_by_area(user=admin, filters=dash_filters)}
    # The dashboards' numbers are the weighted mean of the rows (clipped, weighted).
    all_rows = Progress.objects.filter(report__cycle=cycle, report__status=ReportStatus.DISETUJUI).values_list(
        "capaian", "indicator__weight"
    )
    assert overall == scoring.weighted_mean(all_rows)
    assert overall is not None and len(by_unit) == 26

    out = tmp_path / "rekap-tw2.xlsx"
    call_command("export_report", "--report=rekap", "--year=2026", "--quarter=2", "--format=xlsx", f"--output={out}")
    wb = load_workbook(out)
    summary = list(wb["Ringkasan"].iter_rows(min_row=2, values_only=True))
    exported_overall = next(r[2] for r in summary if r[0] == "Keseluruhan")
    exported_units = {r[1]: r[2] for r in summary if r[0] == "Perangkat Daerah"}
    exported_areas = {r[1]: r[2] for r in summary if r[0] == "Area Perubahan"}
    assert isinstance(exported_overall, float)
    assert Decimal(str(exported_overall)) == overall
    assert {k: Decimal(str(v)) for k, v in exported_units.items()} == by_unit
    assert {k: Decimal(str(v)) for k, v in exported_areas.items()} == {k: v for k, v in by_area.items() if v}

    # The per-area sheets hold every progress row once, with the stored capaian as a number.
    sheet_rows = [r for name in wb.sheetnames[1:] for r in wb[name].iter_rows(min_row=2, values_only=True)]
    assert len(sheet_rows) == Progress.objects.filter(report__cycle=cycle).count()
    header = [c.value for c in wb[wb.sheetnames[1]][1]]
    capaian_col, weight_col = header.index("Capaian (%)"), header.index("Bobot")
    recomputed = scoring.weighted_mean(
        (Decimal(str(r[capaian_col])) if r[capaian_col] is not None else None, Decimal(str(r[weight_col])))
        for r in sheet_rows
    )
    assert recomputed == overall  # the rows in the file give the same total

    pdf = tmp_path / "rekap-tw2.pdf"
    call_command("export_report", "--report=rekap", "--year=2026", "--quarter=2", "--format=pdf", f"--output={pdf}")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1
    assert f"Skor keseluruhan {angka(overall)} %" in text.replace("\n", " ")
    assert "Ahmad Usman" in text  # the Kepala BKPSDM of the demo data signs
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in text
    best_unit, best = max(by_unit.items(), key=lambda kv: kv[1] or 0)
    assert best_unit in text and angka(best) in text
