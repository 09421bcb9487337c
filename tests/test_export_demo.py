"""MUST SHOW: export_report for TW I 2025 of the demo data equals the dashboards' numbers; the PDF shows them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.http import QueryDict
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from areas import scoring
from dashboards import selectors as dashboards
from dashboards import summary
from evaluations.models import Progress, Report, ReportStatus
from evaluations.services import cycles
from roadmap.demo import seed_demo
from roadmap.models import Roadmap, User
from roadmap.templatetags.monev import angka

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_tw1():
    """The demo data with TW I 2025 opened, every realisasi filled and every report approved."""
    seed_demo()
    roadmap = Roadmap.objects.get(is_active=True)
    cycle, _ = cycles.cycle_get_or_create(roadmap=roadmap, year=2025, quarter=1)
    cycles.cycle_open(cycle=cycle)
    rows = list(Progress.objects.filter(report__cycle=cycle).select_related("indicator"))
    for p in rows:
        # Spread over every band, with some above 120 % (clipped) and a lower-is-better indicator.
        factor = Decimal("0.45") + Decimal(p.pk % 9) / 10
        if p.indicator.is_milestone:
            p.milestone_done = p.pk % 3 != 0
        else:
            p.realisasi = (p.target_value or Decimal(0)) * factor
        p.capaian = scoring.capaian(
            polarity=p.indicator.polarity, target=p.target_value, realisasi=p.realisasi, done=p.milestone_done
        )
    Progress.objects.bulk_update(rows, ["realisasi", "milestone_done", "capaian"])
    summary.rebuild({p.report_id for p in rows})  # bulk_update sends no signals
    Report.objects.filter(cycle=cycle).update(status=ReportStatus.DISETUJUI, approved_at=timezone.now())
    return roadmap, cycle


def test_export_report_xlsx_equals_dashboards_and_pdf_shows_totals(demo_tw1, tmp_path):
    roadmap, cycle = demo_tw1
    admin = User.objects.get(username="admin")
    dash_filters = dashboards.dashboard_filters(
        query=QueryDict(f"roadmap={roadmap.pk}&tahun=2025&triwulan=1"), user=admin
    )
    assert dash_filters.cycle == cycle
    overall = dashboards.score_overall(user=admin, filters=dash_filters).value
    by_unit = {r["unit"].name: r["score"].value for r in dashboards.unit_ranking(user=admin, filters=dash_filters)}
    by_area = {r["area"].name: r["score"].value for r in dashboards.scores_by_area(user=admin, filters=dash_filters)}
    # The dashboards' numbers are the weighted mean of the rows (clipped, weighted).
    all_rows = Progress.objects.filter(report__cycle=cycle).values_list("capaian", "indicator__weight")
    assert overall == scoring.weighted_mean(all_rows)
    assert overall is not None and len(by_unit) == 27

    out = tmp_path / "rekap-tw1.xlsx"
    call_command("export_report", "--report=rekap", "--year=2025", "--quarter=1", "--format=xlsx", f"--output={out}")
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

    pdf = tmp_path / "rekap-tw1.pdf"
    call_command("export_report", "--report=rekap", "--year=2025", "--quarter=1", "--format=pdf", f"--output={pdf}")
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) > 1
    assert f"Skor keseluruhan {angka(overall)} %" in text.replace("\n", " ")
    assert "Ahmad Usman" in text  # the Kepala BPSDM of the demo data signs
    assert f"Halaman {len(reader.pages)} dari {len(reader.pages)}" in text
    best_unit, best = max(by_unit.items(), key=lambda kv: kv[1] or 0)
    assert best_unit in text and angka(best) in text
