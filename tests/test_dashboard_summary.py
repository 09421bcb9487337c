"""The dashboards' summary table equals the progress rows after every write path, and the display values of
the big tables equal what the template filters render; the traffic light and status badge are one macro each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.utils import translation

from areas.models import ChangeArea, IndicatorKind
from areas.templatetags.monev import angka, kategori, lampu, persen
from dashboards import fragments, summary
from dashboards.display import CellText
from dashboards.models import ReportAreaScore
from dashboards.selectors import cache, dashboard_filters, unit_ranking
from evaluations.models import Progress, Report
from evaluations.services import reports as report_services
from evaluations.services.reports import ProgressInput
from roadmap.models import Unit
from roadmap.numbers import DisplayFormat
from tests import factories
from tests.dashboard_data import open_quarter

pytestmark = pytest.mark.django_db


def _stored() -> dict[tuple[int | str, ...], tuple[Decimal, Decimal, int]]:
    return {
        (r.report_id, r.roadmap_id, r.area_id, r.aspect_id, r.theme_id, r.kind): (r.num, r.den, r.rows)
        for r in ReportAreaScore.objects.all()
    }


def _from_progress() -> dict[tuple[int | str, ...], tuple[Decimal, Decimal, int]]:
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
    row.indicator.kind = IndicatorKind.DAMPAK  # its type: the summary is grouped by it too
    row.indicator.save()
    assert_summary_current()
    assert ReportAreaScore.objects.filter(report=report, kind=IndicatorKind.DAMPAK).count() == 1
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
        numbers, text = DisplayFormat(), CellText()
        for value in values:
            for places in (0, 1, 2, 4):
                assert numbers.display(value, places) == angka(value, places), (value, places)
                assert text.number(value, places) == angka(value, places), (value, places)
            assert numbers.percent(value) == text.percent(value) == persen(value), value
            # The selectors' cell texts: what {{ v|kategori }} and {{ v|lampu }} write.
            assert text.kategori(value) == kategori(value), value
            assert (text.capaian_light(value) or "") == lampu(value), value


LIGHT = '<span class="tl tl-{}" aria-hidden="true"></span> <span class="small">{}</span>'
NONE = '<span class="text-secondary">—</span>'


@pytest.mark.parametrize(
    ("language", "words"), [("id", ("Hijau", "Draf", "Terlambat")), ("en", ("Green", "Draft", "Overdue"))]
)
def test_light_and_status_are_one_macro_for_django_and_jinja_templates(flow, language, words):
    """The traffic light and the status badge are the macros of dashboards/_macros.jinja: a Django template
    calls them through {% light %} / {% status %}, a Jinja fragment imports them; both write the same markup."""
    green, draft, late = words
    report = Report.objects.filter(cycle=flow["cycle"]).first()
    report.status = "draf"
    page = Template("{% load dasbor %}{% light a %}|{% light b %}|{% status r %}|{% status r True %}|{% status n %}")
    with translation.override(language):
        html = page.render(Context({"a": "hijau", "b": "", "r": report, "n": None}))
        badge = f'<span class="badge dash-status dash-status-draf">{draft}</span>'
        assert html.split("|") == [
            LIGHT.format("hijau", green),
            NONE,
            badge,
            f'{badge} <span class="badge text-bg-danger">{late}</span>',
            NONE,
        ]
        # The ranking's rows (a Jinja fragment) write the light and the badge through the same macros.
        filters = dashboard_filters(query=QueryDict(), user=flow["reviewer"])
        ranking = unit_ranking(user=flow["reviewer"], filters=filters)
        rows = fragments.ranking_html(ranking, query="q=1")
        row = ranking[0]
        assert (
            f"<td>{NONE}</td><td>"
            + Template("{% load dasbor %}{% status r o %}").render(Context({"r": row.report, "o": row.overdue}))
            in rows
        )


def test_unit_options_escape_every_label():
    page = Template("{% load dasbor %}{% unit_options units chosen %}")
    html = page.render(Context({"units": [(1, "A & B"), (2, "<i>C</i>")], "chosen": Unit(pk=2)}))
    assert html == '<option value="1">A &amp; B</option><option value="2" selected>&lt;i&gt;C&lt;/i&gt;</option>'
    assert "selected" not in page.render(Context({"units": [(1, "A")], "chosen": None}))
