"""The dashboards' summary table equals the progress rows after every write path, and the display values of
the big tables equal what the template filters and includes render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from areas.models import ChangeArea
from areas.templatetags.monev import angka, persen
from dashboards import display, summary
from dashboards.models import ReportAreaScore
from dashboards.selectors import cache
from evaluations.models import Progress, Report
from evaluations.services import reports as report_services
from evaluations.services.reports import ProgressInput
from roadmap.numbers import DisplayFormat
from tests import factories
from tests.dashboard_data import open_quarter

pytestmark = pytest.mark.django_db


def _stored() -> dict[tuple[int, ...], tuple[Decimal, Decimal, int]]:
    return {
        (r.report_id, r.roadmap_id, r.area_id, r.aspect_id, r.theme_id): (r.num, r.den, r.rows)
        for r in ReportAreaScore.objects.all()
    }


def _from_progress() -> dict[tuple[int, ...], tuple[Decimal, Decimal, int]]:
    return {
        tuple(row[k] for k in summary.GROUP): (row["num"], row["den"], row["rows"]) for row in summary._source(None)
    }


def assert_summary_current() -> None:
    stored, expected = _stored(), _from_progress()
    assert stored == expected


@pytest.fixture
def flow(roadmap, officer_a, reviewer):
    """Two units, three indicators each (different areas and weights), TW I 2025 open."""
    other = factories.OperatorFactory(username="operator.lain", unit=factories.UnitFactory(slug="dinas-lain"))
    for officer in (officer_a, other):
        for i, weight in enumerate((1, 2, 3)):
            ind = factories.IndicatorFactory(
                roadmap=roadmap,
                unit=officer.unit,
                code=f"{officer.unit.slug}-{i}",
                weight=Decimal(weight),
                requires_evidence=False,
            )
            factories.IndicatorTargetFactory(indicator=ind, year=2025, quarter=1, value=Decimal(80))
    cycle = open_quarter(roadmap, 2025, 1)
    return {"cycle": cycle, "officer": officer_a, "other": other, "reviewer": reviewer}


def _save(report, officer, values):
    rows = list(Progress.objects.filter(report=report).order_by("indicator__code"))
    report_services.report_save_draft(
        report=report,
        user=officer,
        rows=[
            ProgressInput(progress_id=p.pk, version=p.version, realisasi=Decimal(v))
            for p, v in zip(rows, values, strict=True)
        ],
    )


def test_summary_follows_every_write_path(flow):
    officer, reviewer, cycle = flow["officer"], flow["reviewer"], flow["cycle"]
    report = Report.objects.get(cycle=cycle, unit=officer.unit)
    assert_summary_current()  # cycle_open: rows without capaian, no summary rows
    assert not ReportAreaScore.objects.exists()

    _save(report, officer, (40, 100, 130))  # Simpan Draf: one rebuild for the three rows
    assert_summary_current()
    assert ReportAreaScore.objects.filter(report=report).exists()
    report_services.report_submit(report=report, user=officer)
    report_services.report_approve(report=report, reviewer=reviewer)
    assert_summary_current()
    report_services.report_reopen(report=report, reviewer=reviewer, reason="Periksa", until=dt.date(2099, 1, 1))
    _save(report, officer, (90, 10, 0))
    report_services.report_submit(report=report, user=officer)
    report_services.report_return(report=report, reviewer=reviewer, reason="Kurang", today=dt.date(2025, 4, 12))
    assert_summary_current()

    row = Progress.objects.filter(report=report).select_related("indicator").order_by("indicator__code").first()
    row.capaian = Decimal("77.77")  # the Django admin's save
    row.save()
    assert_summary_current()
    row.indicator.weight = Decimal("2.5")  # an indicator's weight (admin, Excel import: Model.save)
    row.indicator.save()
    assert_summary_current()
    row.indicator.area = ChangeArea.objects.exclude(pk=row.indicator.area_id).first()
    row.indicator.save()
    assert_summary_current()
    row.delete()
    assert_summary_current()
    other = Report.objects.get(cycle=cycle, unit=flow["other"].unit)
    _save(other, flow["other"], (70, 80, 90))
    assert_summary_current()
    other.delete()
    assert_summary_current()


def test_a_failed_save_leaves_the_summary_alone(flow):
    officer, cycle = flow["officer"], flow["cycle"]
    report = Report.objects.get(cycle=cycle, unit=officer.unit)
    _save(report, officer, (40, 100, 130))
    before = _stored()
    rows = list(Progress.objects.filter(report=report).order_by("indicator__code"))
    with pytest.raises(report_services.StaleEdit):
        report_services.report_save_draft(
            report=report,
            user=officer,
            rows=[ProgressInput(progress_id=rows[0].pk, version=rows[0].version - 1, realisasi=Decimal(1))],
        )
    assert _stored() == before
    assert_summary_current()


def test_rebuild_restores_the_summary_after_a_bulk_write(flow):
    cycle = flow["cycle"]
    Progress.objects.filter(report__cycle=cycle).update(capaian=Decimal(50))  # update(): no signals
    assert _stored() != _from_progress()
    summary.rebuild(Report.objects.filter(cycle=cycle).values_list("pk", flat=True))
    assert_summary_current()
    ReportAreaScore.objects.all().delete()
    summary.rebuild()  # everything (manage.py rebuild_dashboard_summary)
    assert_summary_current()


def test_dashboard_numbers_from_the_summary_equal_the_computed_ones(flow):
    from tests.test_perf_cache import _computed, _filters, _numbers

    officer, reviewer, cycle = flow["officer"], flow["reviewer"], flow["cycle"]
    report = Report.objects.get(cycle=cycle, unit=officer.unit)
    _save(report, officer, (40, 100, 130))
    report_services.report_submit(report=report, user=officer)
    for query in ({}, {"termasuk_diajukan": "1"}, {"elemen": "hard", "termasuk_diajukan": "1"}):
        filters = _filters(reviewer, **query)
        assert _numbers(reviewer, filters) == _computed(reviewer, filters)
    with cache.computed():
        assert cache.from_progress()
    assert not cache.from_progress()


@pytest.mark.parametrize("language", ["id", "en"])
def test_display_numbers_equal_the_template_filters(language):
    values = [None, Decimal(0), Decimal("0.04"), Decimal("0.05"), Decimal("0.15"), Decimal("59.95"), Decimal("85")]
    values += [Decimal("85.00"), Decimal("99.99"), Decimal("100.05"), Decimal("120.000000"), Decimal("1234.5")]
    values += [Decimal("1234567.891"), Decimal("-12.35"), Decimal("-1234.56"), Decimal("7.123456")]
    values += [Decimal(n) / 7 for n in range(0, 900, 13)]
    with translation.override(language):
        numbers = DisplayFormat()
        for value in values:
            for places in (0, 1, 2, 4):
                assert numbers.display(value, places) == angka(value, places), (value, places)
            assert numbers.percent(value) == persen(value), value


def test_display_light_and_status_equal_the_includes(flow):
    labels = display.light_labels()
    for light in (None, "hijau", "kuning", "merah"):
        assert display.light_html(light, labels) == render_to_string("dashboards/_light.html", {"light": light}).strip()
    report = Report.objects.filter(cycle=flow["cycle"]).first()
    for r, overdue in ((None, False), (report, False), (report, True)):
        expected = render_to_string("dashboards/_status.html", {"report": r, "overdue": overdue}).strip()
        assert display.status_html(r, overdue) == expected
